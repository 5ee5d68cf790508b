package dev.orderly.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import dev.orderly.operator.OperatorSettings;
import dev.orderly.operator.OrderlyOperator;
import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.chart.Chart;
import dev.orderly.operator.fixtures.Models;
import dev.orderly.operator.fixtures.OrderPlatforms;
import dev.orderly.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chart's life on a real kube-apiserver (RBAC on): {@code helm install}, the operator running
 * with nothing but the chart's ServiceAccount permissions (impersonated) reconciling the chart's
 * sample OrderPlatform to Ready, a withdrawn verb stopping it, {@code helm upgrade} bringing a new
 * CRD field in, {@code helm uninstall} keeping the CRD and the platforms, and a namespaced install
 * (Roles only) that is enough for the platforms of its namespace. The steps build on each other, so
 * they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartOnApiServerTest {

  private static final Logger LOG = LoggerFactory.getLogger(ChartOnApiServerTest.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String RELEASE_NS = "orderly-system";
  private static final String PLATFORM_NS = "shop";
  private static final String PLATFORM = "shop";
  private static final String CRD = "orderplatforms.orderly.dev";
  private static final String ACCOUNT = "system:serviceaccount:" + RELEASE_NS + ":" + Chart.RELEASE;

  private ApiServerCluster cluster;
  private KubernetesClient admin;
  private KubernetesClient asOperator;
  private Operator operator;
  // Static: JUnit fills static @TempDir fields before @BeforeAll, instance ones only later.
  @TempDir private static Path workDir;
  private Path kubeconfig;

  @BeforeAll
  void startApiServer() throws IOException {
    Assumptions.assumeTrue(
        TestCluster.realApiServerChosen(),
        "the chart needs a real API server (RBAC, server-side apply): run hack/kube-testenv.sh build (hack/test.sh does)");
    cluster = ApiServerCluster.start();
    LOG.info("Chart tests run on the {}", cluster.description());
    admin = cluster.client();
    kubeconfig = Files.writeString(workDir.resolve("kubeconfig"), cluster.kubeConfigYaml());
    cluster.installPrometheusOperatorCrds();
    admin
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(PLATFORM_NS).endMetadata().build())
        .create();
  }

  @AfterAll
  void stop() {
    stopOperator();
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void theOperatorReconcilesAPlatformToReadyWithOnlyTheChartsPermissions() {
    Release release =
        new Helm(Chart.DIR)
            .install()
            .withName(Chart.RELEASE)
            .withNamespace(RELEASE_NS)
            .createNamespace()
            .withKubeConfig(kubeconfig)
            .set("samplePlatform.enabled", "true")
            .set("samplePlatform.namespace", PLATFORM_NS)
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");

    assertThat(crd()).isNotNull();
    assertThat(admin.serviceAccounts().inNamespace(RELEASE_NS).withName(Chart.RELEASE).get())
        .isNotNull();
    assertThat(admin.apps().deployments().inNamespace(RELEASE_NS).withName(Chart.RELEASE).get())
        .isNotNull();
    assertThat(
            admin
                .genericKubernetesResources("monitoring.coreos.com/v1", "ServiceMonitor")
                .inNamespace(RELEASE_NS)
                .withName(Chart.RELEASE)
                .get())
        .as("a ServiceMonitor, since this cluster serves its CRD")
        .isNotNull();
    GenericKubernetesResource rules =
        admin
            .genericKubernetesResources("monitoring.coreos.com/v1", "PrometheusRule")
            .inNamespace(RELEASE_NS)
            .withName(Chart.RELEASE + "-platforms")
            .get();
    assertThat(rules)
        .as("the platforms' alert rules, since this cluster serves PrometheusRule")
        .isNotNull();
    assertThat(alertNames(rules))
        .containsExactlyInAnyOrder(
            "OrderlyDeadLetters",
            "OrderlyQueueBacklog",
            "OrderlyOutboxStale",
            "OrderlySagaTimeouts",
            "OrderlyGatewayErrors",
            "OrderlyCircuitOpen");
    assertThat(
            admin.resources(OrderPlatform.class).inNamespace(PLATFORM_NS).withName(PLATFORM).get())
        .as("the sample platform, created by the post-install hook")
        .isNotNull();

    startOperatorAsTheChartsServiceAccount();
    Readiness.driveToRunning(admin, PLATFORM_NS, PLATFORM, TIMEOUT);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(condition(Conditions.READY)).isEqualTo("True"));

    Lease lease =
        admin.leases().inNamespace(RELEASE_NS).withName(OperatorSettings.LEASE_NAME).get();
    assertThat(lease)
        .as("the operator elected itself leader with the chart's Lease rights")
        .isNotNull();
    assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
  }

  @Test
  @Order(2)
  void aWithdrawnVerbStopsTheOperatorAndSaysForbidden() {
    ClusterRole role = admin.rbac().clusterRoles().withName(Chart.RELEASE).get();
    role.getRules().stream()
        .filter(rule -> rule.getResources().contains("secrets"))
        .forEach(rule -> rule.setVerbs(List.of("get", "list", "watch")));
    admin.rbac().clusterRoles().resource(role).update();

    // A deleted generated Secret is normally recreated at once; now the operator may not write
    // Secrets.
    admin.secrets().inNamespace(PLATFORM_NS).withName(PLATFORM + "-auth-keys").delete();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(condition(Conditions.DEGRADED)).isEqualTo("True");
              assertThat(conditionMessage(Conditions.DEGRADED)).containsIgnoringCase("forbidden");
              assertThat(condition(Conditions.READY)).isNotEqualTo("True");
            });
    assertThat(secret(PLATFORM + "-auth-keys")).isNull();
  }

  @Test
  @Order(3)
  void helmUpgradeBringsANewCrdFieldInAndRestoresTheRbac() throws IOException {
    Path nextChart = chartWithANewSpecField("maintenanceWindow");

    Release release =
        new Helm(nextChart)
            .upgrade()
            .withName(Chart.RELEASE)
            .withNamespace(RELEASE_NS)
            .withKubeConfig(kubeconfig)
            .set("samplePlatform.enabled", "true")
            .set("samplePlatform.namespace", PLATFORM_NS)
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    assertThat(release.getRevision()).isEqualTo("2");

    assertThat(specProperties(crd()))
        .as("helm upgrade applied the new CRD schema")
        .containsKey("maintenanceWindow");
    admin
        .genericKubernetesResources("orderly.dev/v1alpha1", "OrderPlatform")
        .inNamespace(PLATFORM_NS)
        .withName(PLATFORM)
        .edit(
            platform -> {
              ((Map<String, Object>) platform.getAdditionalProperties().get("spec"))
                  .put("maintenanceWindow", "Sun 02:00");
              return platform;
            });
    GenericKubernetesResource stored =
        admin
            .genericKubernetesResources("orderly.dev/v1alpha1", "OrderPlatform")
            .inNamespace(PLATFORM_NS)
            .withName(PLATFORM)
            .get();
    assertThat((Map<String, Object>) stored.getAdditionalProperties().get("spec"))
        .as("the API server keeps the new field instead of pruning it")
        .containsEntry("maintenanceWindow", "Sun 02:00");

    // The upgrade also put the chart's Secret verbs back: the operator regenerates the Secret and
    // recovers.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(secret(PLATFORM + "-auth-keys")).isNotNull();
              assertThat(condition(Conditions.READY)).isEqualTo("True");
            });
  }

  @Test
  @Order(4)
  void helmUninstallKeepsTheCrdAndThePlatforms() {
    stopOperator();
    Helm.uninstall(Chart.RELEASE).withNamespace(RELEASE_NS).withKubeConfig(kubeconfig).call();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(
                      admin
                          .apps()
                          .deployments()
                          .inNamespace(RELEASE_NS)
                          .withName(Chart.RELEASE)
                          .get())
                  .isNull();
              assertThat(admin.rbac().clusterRoles().withName(Chart.RELEASE).get()).isNull();
            });
    assertThat(crd()).as("the CRD carries helm.sh/resource-policy: keep").isNotNull();
    assertThat(crd().getMetadata().getDeletionTimestamp()).isNull();
    assertThat(
            admin.resources(OrderPlatform.class).inNamespace(PLATFORM_NS).withName(PLATFORM).get())
        .as("the platform outlives the operator's release")
        .isNotNull();
    assertThat(
            admin
                .apps()
                .deployments()
                .inNamespace(PLATFORM_NS)
                .withName(PLATFORM + "-gateway")
                .get())
        .as("and so does what runs it")
        .isNotNull();
  }

  @Test
  @Order(5)
  void watchingListedNamespacesNeedsNoClusterWideRights() throws IOException {
    String team = "team-a";
    admin
        .resource(new NamespaceBuilder().withNewMetadata().withName(team).endMetadata().build())
        .create();
    // The CRD kept from the first release stays where it is: this release leaves it alone.
    Path values =
        Files.writeString(
            workDir.resolve("namespaced.yaml"),
            """
        watchNamespaces: [team-a]
        crds: {install: false}
        """);
    Release release =
        new Helm(Chart.DIR)
            .install()
            .withName(Chart.RELEASE)
            .withNamespace(RELEASE_NS)
            .withKubeConfig(kubeconfig)
            .withValuesFile(values)
            .call();
    assertThat(release.getStatus()).isEqualTo("deployed");
    assertThat(admin.rbac().clusterRoles().withName(Chart.RELEASE).get())
        .as("nothing cluster-wide")
        .isNull();
    assertThat(admin.rbac().clusterRoleBindings().withName(Chart.RELEASE).get()).isNull();
    assertThat(admin.rbac().roles().inNamespace(team).withName(Chart.RELEASE).get()).isNotNull();

    startOperatorAsTheChartsServiceAccount(Set.of(team));
    admin
        .resource(
            OrderPlatforms.withSpec(
                PLATFORM, team, OrderPlatforms.withIngress("team-a.localtest.me")))
        .create();
    Readiness.driveToRunning(admin, team, PLATFORM, TIMEOUT);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        Conditions.isTrue(
                            platformIn(team).getStatus().conditions(), Conditions.READY))
                    .isTrue());
    assertThat(
            admin
                .network()
                .v1()
                .ingresses()
                .inNamespace(team)
                .withName(PLATFORM + "-gateway")
                .get())
        .isNotNull();
  }

  /**
   * The operator as it runs in the cluster: leader election on, authenticated as the chart's
   * ServiceAccount.
   */
  private void startOperatorAsTheChartsServiceAccount() {
    startOperatorAsTheChartsServiceAccount(Set.of());
  }

  /** The same, reconciling only the platforms of {@code namespaces} (all when empty). */
  private void startOperatorAsTheChartsServiceAccount(Set<String> namespaces) {
    ServiceAccount account =
        admin.serviceAccounts().inNamespace(RELEASE_NS).withName(Chart.RELEASE).get();
    assertThat(account).isNotNull();
    Config config = Config.fromKubeconfig(cluster.kubeConfigYaml());
    config.setImpersonateUsername(ACCOUNT);
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + RELEASE_NS, "system:authenticated");
    asOperator = new KubernetesClientBuilder().withConfig(config).build();
    var settings =
        new OperatorSettings(
            namespaces,
            Models.IMAGES,
            0,
            true,
            RELEASE_NS,
            true,
            Duration.ofSeconds(15),
            Duration.ofSeconds(60));
    operator =
        OrderlyOperator.create(
            asOperator, settings, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), false);
    operator.start();
  }

  private void stopOperator() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
    if (asOperator != null) {
      asOperator.close();
      asOperator = null;
    }
  }

  /** A copy of the chart whose CRD has one more spec field, under a new chart version. */
  private Path chartWithANewSpecField(String field) throws IOException {
    Path copy = workDir.resolve("orderly-operator-next");
    try (Stream<Path> files = Files.walk(Chart.DIR)) {
      for (Path source : files.toList()) {
        Path target = copy.resolve(Chart.DIR.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target); // follows the link to crds/, as `helm package` does
        }
      }
    }
    Path crdFile = copy.resolve("files").resolve(Chart.CRD_FILE.getFileName());
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(crdFile), CustomResourceDefinition.class);
    specProperties(crd)
        .put(
            field,
            new JSONSchemaPropsBuilder()
                .withType("string")
                .withDescription("added by the upgrade test")
                .build());
    Files.writeString(crdFile, Serialization.asYaml(crd));
    Path chartYaml = copy.resolve("Chart.yaml");
    Files.writeString(
        chartYaml,
        Files.readString(chartYaml).replaceFirst("(?m)^version: .*$", "version: 0.1.1-test"));
    return copy;
  }

  private CustomResourceDefinition crd() {
    return admin.apiextensions().v1().customResourceDefinitions().withName(CRD).get();
  }

  private static Map<String, JSONSchemaProps> specProperties(CustomResourceDefinition crd) {
    return crd.getSpec()
        .getVersions()
        .getFirst()
        .getSchema()
        .getOpenAPIV3Schema()
        .getProperties()
        .get("spec")
        .getProperties();
  }

  private Secret secret(String name) {
    return admin.secrets().inNamespace(PLATFORM_NS).withName(name).get();
  }

  private String condition(String type) {
    return findCondition(type).map(Condition::getStatus).orElse(null);
  }

  private String conditionMessage(String type) {
    return findCondition(type).map(Condition::getMessage).orElse("");
  }

  private OrderPlatform platformIn(String namespace) {
    return admin.resources(OrderPlatform.class).inNamespace(namespace).withName(PLATFORM).get();
  }

  private static List<String> alertNames(GenericKubernetesResource rules) {
    var spec = Serialization.jsonMapper().valueToTree(rules).path("spec");
    return spec.path("groups")
        .valueStream()
        .flatMap(group -> group.path("rules").valueStream())
        .map(rule -> rule.path("alert").asText())
        .toList();
  }

  private Optional<Condition> findCondition(String type) {
    OrderPlatform platform = platformIn(PLATFORM_NS);
    if (platform == null || platform.getStatus() == null) {
      return Optional.empty();
    }
    return Conditions.find(platform.getStatus().conditions(), type);
  }
}
