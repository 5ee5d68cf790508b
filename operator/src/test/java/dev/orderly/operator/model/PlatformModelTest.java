package dev.orderly.operator.model;

import static dev.orderly.operator.fixtures.Models.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.operator.api.v1alpha1.AutoscalingSpec;
import dev.orderly.operator.api.v1alpha1.ExternalRabbitMqSpec;
import dev.orderly.operator.api.v1alpha1.IngressSpec;
import dev.orderly.operator.api.v1alpha1.IngressTlsSpec;
import dev.orderly.operator.api.v1alpha1.InventorySpec;
import dev.orderly.operator.api.v1alpha1.OrderPlatformSpec;
import dev.orderly.operator.api.v1alpha1.OrdersSpec;
import dev.orderly.operator.api.v1alpha1.RabbitMqSpec;
import dev.orderly.operator.api.v1alpha1.Scaler;
import dev.orderly.operator.api.v1alpha1.SecretReference;
import dev.orderly.operator.fixtures.Models;
import dev.orderly.operator.fixtures.OrderPlatforms;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Validation and defaults of the spec as a whole. */
class PlatformModelTest {

  @Test
  void registryDefaultsToTheOperatorsAndCanBeOverridden() {
    var overridden =
        new OrderPlatformSpec(
            "0.1.0", "ghcr.io/acme/", null, null, null, null, null, null, null, null, null, null);

    assertThat(Models.minimal().orders().image()).isEqualTo("registry.test/orderly/orders:0.1.0");
    assertThat(Models.of(overridden).orders().image()).isEqualTo("ghcr.io/acme/orders:0.1.0");
  }

  @Test
  void workloadsArePlacedWhereTheSpecSays() {
    var model =
        Models.of(
            OrderPlatforms.fromJson(
                """
                {"version": "0.1.0",
                 "scheduling": {"nodeSelector": {"pool": "shop"}},
                 "imagePullSecrets": [{"name": "pull"}]}
                """));

    var orders = model.generateDeployment(Component.ORDERS).getSpec().getTemplate().getSpec();
    var postgres =
        model
            .generateStatefulSet(model.postgres(), Optional.empty())
            .getSpec()
            .getTemplate()
            .getSpec();

    assertThat(orders.getNodeSelector()).containsEntry("pool", "shop");
    assertThat(orders.getImagePullSecrets()).extracting("name").containsExactly("pull");
    assertThat(postgres.getNodeSelector()).containsEntry("pool", "shop");
  }

  @Test
  void aStoresStatefulSetKeepsTheClaimItWasCreatedWith() {
    var model = Models.minimal();
    StatefulSet existing = model.postgres().generateStatefulSet("3Gi");
    existing
        .getSpec()
        .getVolumeClaimTemplates()
        .forEach(claim -> claim.getSpec().setStorageClassName("fast"));

    StatefulSet desired = model.generateStatefulSet(model.postgres(), Optional.of(existing));

    assertThat(Storages.claimSizeOf(desired)).contains("3Gi");
    assertThat(desired.getSpec().getVolumeClaimTemplates())
        .extracting(claim -> claim.getSpec().getStorageClassName())
        .containsOnly("fast");
    assertThat(Storages.claimSizeOf(model.generateStatefulSet(model.postgres(), Optional.empty())))
        .isNotEqualTo(Optional.of("3Gi"));
  }

  @Test
  void endpointIsTheIngressHostOrTheInClusterGatewayService() {
    assertThat(Models.minimal().endpoint()).isEqualTo("http://shop-gateway.shop-ns.svc:8080");
    assertThat(Models.of(OrderPlatforms.withIngress("shop.localtest.me")).endpoint())
        .isEqualTo("http://shop.localtest.me");
  }

  @Test
  void ingressRoutesTheHostToTheGatewayWithItsClassAndTls() {
    var spec =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new IngressSpec("shop.example.com", "nginx", new IngressTlsSpec("shop-tls"), null),
            null,
            null,
            null);
    var model = Models.of(spec);
    var ingress = model.ingress().orElseThrow().generateIngress();

    assertThat(model.endpoint()).isEqualTo("https://shop.example.com");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getTls())
        .singleElement()
        .satisfies(
            tls -> {
              assertThat(tls.getHosts()).containsExactly("shop.example.com");
              assertThat(tls.getSecretName()).isEqualTo("shop-tls");
            });
    var rule = ingress.getSpec().getRules().getFirst();
    assertThat(rule.getHost()).isEqualTo("shop.example.com");
    assertThat(rule.getHttp().getPaths().getFirst().getBackend().getService().getName())
        .isEqualTo("shop-gateway");
    assertThat(Models.minimal().ingress()).isEmpty();
  }

  @Test
  void inventoryWithAutoscalingStartsAtItsMinimum() {
    var spec =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            new InventorySpec(null, new AutoscalingSpec(3, null, null, null, null), null, null),
            null,
            null,
            null,
            null,
            null,
            null);
    var inventory = Models.of(spec).inventory();

    assertThat(inventory.replicas()).isEqualTo(3);
    assertThat(inventory.autoscaling().orElseThrow().maxReplicas()).isEqualTo(5);
    assertThat(inventory.generateDeployment().getSpec().getReplicas()).isEqualTo(3);
  }

  @Test
  void autoscaledServicesRunTheScalersDecisionWithinTheirBounds() {
    var spec =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            new OrdersSpec(null, null, new AutoscalingSpec(2, 6, 50, "2m", null), null, null),
            new InventorySpec(null, new AutoscalingSpec(1, 4, null, null, null), null, null),
            null,
            null,
            null,
            null,
            null,
            null);
    var resource = OrderPlatforms.withSpec(Models.NAME, Models.NAMESPACE, spec);

    var model =
        PlatformModel.of(
            resource, Models.IMAGES, Map.of(Component.ORDERS, 5, Component.INVENTORY, 9));

    assertThat(model.orders().replicas()).isEqualTo(5);
    assertThat(model.orders().autoscaling().orElseThrow())
        .isEqualTo(
            new Autoscaling(
                "orders.stock-events", 2, 6, 50, Duration.ofMinutes(2), Scaler.Operator));
    assertThat(model.inventory().replicas()).as("bounded by maxReplicas").isEqualTo(4);
    assertThat(model.inventory().autoscaling().orElseThrow().queue())
        .isEqualTo("inventory.order-events");
    assertThat(model.auth().autoscaling()).isEmpty();
  }

  @Test
  void anExternalScalerOwnsTheReplicasSoTheDeploymentLeavesThemOut() {
    var spec =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            new InventorySpec(
                null, new AutoscalingSpec(2, 4, null, null, Scaler.External), null, null),
            null,
            null,
            null,
            null,
            null,
            null);
    var inventory = Models.of(spec).inventory();

    assertThat(inventory.ownsReplicas()).isFalse();
    assertThat(inventory.generateDeployment().getSpec().getReplicas()).isNull();
  }

  @Test
  void theOperatorScalesOnlyOnItsOwnBroker() {
    var external =
        new RabbitMqSpec(
            null,
            null,
            new ExternalRabbitMqSpec(
                "mq.example.com", null, null, new SecretReference("mq"), null, null));
    var spec =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            new InventorySpec(null, new AutoscalingSpec(null, null, null, null, null), null, null),
            external,
            null,
            null,
            null,
            null,
            null);

    assertThatThrownBy(() -> Models.of(spec))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining(
            "spec.inventory.autoscaling.scaler: Operator needs the platform's own RabbitMQ");
    var withHpa =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            new InventorySpec(
                null, new AutoscalingSpec(null, null, null, null, Scaler.External), null, null),
            external,
            null,
            null,
            null,
            null,
            null);
    assertThat(Models.of(withHpa).inventory().ownsReplicas()).isFalse();
  }

  @Test
  void rejectsWhatTheSchemaMissesNamingTheField() {
    assertThatThrownBy(() -> Models.of(OrderPlatforms.spec(" ")))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.version: is required");
    assertThatThrownBy(
            () ->
                Models.of(
                    new OrderPlatformSpec(
                        "0.1.0",
                        null,
                        null,
                        null,
                        null,
                        new InventorySpec(
                            null, new AutoscalingSpec(4, 2, null, null, null), null, null),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)))
        .isInstanceOf(InvalidSpecException.class)
        .extracting(e -> ((InvalidSpecException) e).field())
        .isEqualTo("inventory.autoscaling.maxReplicas");
    assertThatThrownBy(
            () ->
                Models.of(
                    new OrderPlatformSpec(
                        "0.1.0",
                        null,
                        null,
                        null,
                        new OrdersSpec(-1, null, null, null, null),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)))
        .hasMessageContaining("spec.orders.replicas");
    assertThatThrownBy(
            () ->
                Models.of(
                    new OrderPlatformSpec(
                        "0.1.0",
                        null,
                        null,
                        null,
                        new OrdersSpec(null, "soon", null, null, null),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)))
        .hasMessageContaining("spec.orders.sagaTimeout");
    assertThatThrownBy(
            () ->
                Models.of(
                    new OrderPlatformSpec(
                        "0.1.0",
                        null,
                        null,
                        null,
                        new OrdersSpec(
                            3, null, new AutoscalingSpec(null, null, null, null, null), null, null),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)))
        .hasMessageContaining("spec.orders: set either replicas or autoscaling, not both");
    assertThatThrownBy(
            () ->
                Models.of(
                    new OrderPlatformSpec(
                        "0.1.0",
                        null,
                        null,
                        null,
                        null,
                        new InventorySpec(
                            null, new AutoscalingSpec(null, null, null, "soon", null), null, null),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)))
        .hasMessageContaining("spec.inventory.autoscaling.scaleDownStabilization");
  }

  @Test
  void versionLabelsFollowTheSpecVersion() {
    var deployment = Models.of(OrderPlatforms.spec("0.2.0")).gateway().generateDeployment();

    assertThat(deployment.getMetadata().getLabels()).containsEntry(Labels.VERSION, "0.2.0");
    assertThat(container(deployment).getImage()).endsWith("/gateway:0.2.0");
  }
}
