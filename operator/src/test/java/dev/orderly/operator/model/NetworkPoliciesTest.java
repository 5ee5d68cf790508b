package dev.orderly.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.operator.api.v1alpha1.ExternalPostgresSpec;
import dev.orderly.operator.api.v1alpha1.MonitoringSpec;
import dev.orderly.operator.api.v1alpha1.OrderPlatformSpec;
import dev.orderly.operator.api.v1alpha1.PostgresSpec;
import dev.orderly.operator.api.v1alpha1.SecretReference;
import dev.orderly.operator.fixtures.Models;
import dev.orderly.operator.fixtures.OrderPlatforms;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Only the gateway is reachable from outside; each service reaches only what it needs. */
class NetworkPoliciesTest {

  private final Map<String, NetworkPolicy> policies =
      Models.minimal().generateNetworkPolicies().stream()
          .collect(Collectors.toMap(policy -> policy.getMetadata().getName(), policy -> policy));

  @Test
  void isolatesEveryDeployedComponentInBothDirections() {
    assertThat(policies)
        .containsOnlyKeys(
            "shop-gateway",
            "shop-auth",
            "shop-orders",
            "shop-inventory",
            "shop-postgres",
            "shop-rabbitmq");
    policies
        .values()
        .forEach(
            policy ->
                assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress"));
  }

  @Test
  void onlyTheGatewayAcceptsTrafficFromAnywhere() {
    assertThat(policies.get("shop-gateway").getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getFrom()).isNullOrEmpty();
              assertThat(rule.getPorts())
                  .singleElement()
                  .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(8080));
            });
    policies.entrySet().stream()
        .filter(entry -> !entry.getKey().equals("shop-gateway"))
        .forEach(
            entry -> {
              // Without Ingress among the policy types a policy leaves ingress open, whatever its
              // rules say.
              assertThat(entry.getValue().getSpec().getPolicyTypes())
                  .as(entry.getKey())
                  .contains("Ingress");
              assertThat(entry.getValue().getSpec().getIngress())
                  .as(entry.getKey())
                  .allSatisfy(rule -> assertThat(rule.getFrom()).isNotEmpty());
            });
  }

  @Test
  void ordersReachesItsDatabaseTheBrokerAuthInventoryAndDnsOnly() {
    assertThat(egressTargets(policies.get("shop-orders")))
        .containsExactlyInAnyOrder(
            "postgres:5432", "rabbitmq:5672", "auth:8080", "inventory:8080", "any:53");
  }

  @Test
  void authReachesItsDatabaseAndDnsOnly() {
    assertThat(egressTargets(policies.get("shop-auth")))
        .containsExactlyInAnyOrder("postgres:5432", "any:53");
  }

  @Test
  void theDatabaseAcceptsOnlyTheServicesOwningADatabaseAndReachesNothing() {
    var policy = policies.get("shop-postgres");

    assertThat(policy.getSpec().getIngress())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getFrom())
                    .extracting(peer -> peer.getPodSelector().getMatchLabels().get(Labels.NAME))
                    .containsExactlyInAnyOrder("auth", "orders", "inventory"));
    assertThat(policy.getSpec().getEgress()).isEmpty();
  }

  @Test
  void theBrokerAcceptsAmqpFromOrdersAndInventoryOnly() {
    var amqp = policies.get("shop-rabbitmq").getSpec().getIngress().getFirst();

    assertThat(amqp.getFrom())
        .extracting(peer -> peer.getPodSelector().getMatchLabels().get(Labels.NAME))
        .containsExactlyInAnyOrder("orders", "inventory");
    assertThat(amqp.getPorts())
        .singleElement()
        .satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(5672));
  }

  @Test
  void anExternalDatabaseIsReachedByAddressAndGetsNoPolicy() {
    var external = Models.of(OrderPlatforms.externalPostgres("shop-db")).generateNetworkPolicies();

    assertThat(external)
        .extracting(policy -> policy.getMetadata().getName())
        .doesNotContain("shop-postgres");
    var auth =
        external.stream()
            .filter(p -> p.getMetadata().getName().equals("shop-auth"))
            .findFirst()
            .orElseThrow();
    assertThat(egressTargets(auth)).containsExactlyInAnyOrder("0.0.0.0/0:5432", "any:53");
  }

  @Test
  void anExternalDatabaseThatIsAServiceOfThisClusterIsReachedByItsNamespace() {
    var spec =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            null,
            null,
            new PostgresSpec(
                null,
                null,
                null,
                new ExternalPostgresSpec(
                    "pg.databases.svc.cluster.local",
                    5432,
                    new SecretReference("shop-db"),
                    null,
                    null)),
            null,
            null,
            null,
            null);

    var orders =
        Models.of(spec).generateNetworkPolicies().stream()
            .filter(p -> p.getMetadata().getName().equals("shop-orders"))
            .findFirst()
            .orElseThrow();

    // Several NetworkPolicy implementations never match a pod's address against an ipBlock.
    assertThat(egressTargets(orders))
        .contains("namespace databases:5432")
        .doesNotContain("0.0.0.0/0:5432");
  }

  @Test
  void theMonitoringNamespacesReachTheMetricsPortsOnly() {
    var spec = OrderPlatforms.withMonitoring(new MonitoringSpec(List.of("monitoring"), null, null));

    var policies = Models.of(spec).generateNetworkPolicies();

    for (var policy : policies) {
      List<String> scrapers =
          policy.getSpec().getIngress().stream()
              .filter(
                  rule ->
                      rule.getFrom() != null
                          && rule.getFrom().stream()
                              .anyMatch(
                                  peer ->
                                      peer.getNamespaceSelector() != null
                                          && "monitoring"
                                              .equals(
                                                  peer.getNamespaceSelector()
                                                      .getMatchLabels()
                                                      .get("kubernetes.io/metadata.name"))))
              .flatMap(
                  rule ->
                      rule.getPorts().stream()
                          .map(port -> String.valueOf(port.getPort().getIntVal())))
              .toList();
      String expected =
          switch (policy.getMetadata().getName()) {
            case "shop-rabbitmq" -> "15692";
            case "shop-postgres" -> null;
            default -> "9090";
          };
      assertThat(scrapers)
          .as(policy.getMetadata().getName())
          .isEqualTo(expected == null ? List.of() : List.of(expected));
    }
    assertThat(Models.minimal().generateNetworkPolicies())
        .as("no monitoring namespaces, no scrapers")
        .allSatisfy(
            policy ->
                assertThat(policy.getSpec().getIngress())
                    .filteredOn(rule -> !fromTheOperator(rule))
                    .noneSatisfy(
                        rule ->
                            assertThat(rule.getPorts())
                                .anySatisfy(
                                    port ->
                                        assertThat(port.getPort().getIntVal()).isIn(9090, 15692))));
  }

  @Test
  void theOperatorReadsTheSagaServicesOutboxesAndTheBrokersQueuesOnly() {
    policies.forEach(
        (name, policy) -> {
          List<Integer> ports =
              policy.getSpec().getIngress().stream()
                  .filter(NetworkPoliciesTest::fromTheOperator)
                  .flatMap(rule -> rule.getPorts().stream().map(port -> port.getPort().getIntVal()))
                  .toList();
          List<Integer> expected =
              switch (name) {
                case "shop-orders", "shop-inventory" -> List.of(9090);
                case "shop-rabbitmq" -> List.of(15672);
                default -> List.of();
              };
          assertThat(ports).as(name).isEqualTo(expected);
        });
  }

  private static boolean fromTheOperator(NetworkPolicyIngressRule rule) {
    return rule.getFrom() != null
        && rule.getFrom().stream()
            .anyMatch(
                peer ->
                    peer.getPodSelector() != null
                        && NetworkPolicies.OPERATOR_POD_NAME.equals(
                            peer.getPodSelector().getMatchLabels().get(Labels.NAME)));
  }

  /** Each egress rule as {@code <component or cidr or any>:<port>}, one entry per port. */
  private static List<String> egressTargets(NetworkPolicy policy) {
    return policy.getSpec().getEgress().stream().flatMap(rule -> targets(rule).stream()).toList();
  }

  private static List<String> targets(NetworkPolicyEgressRule rule) {
    String to =
        rule.getTo() == null || rule.getTo().isEmpty() ? "any" : peer(rule.getTo().getFirst());
    return rule.getPorts().stream()
        .map(port -> to + ":" + port.getPort().getIntVal())
        .distinct()
        .toList();
  }

  private static String peer(NetworkPolicyPeer peer) {
    if (peer.getIpBlock() != null) {
      return peer.getIpBlock().getCidr();
    }
    if (peer.getNamespaceSelector() != null && peer.getPodSelector() == null) {
      return "namespace "
          + peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
    }
    return Objects.requireNonNull(peer.getPodSelector().getMatchLabels().get(Labels.NAME));
  }
}
