package dev.orderly.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.operator.api.v1alpha1.OrderPlatformSpec;
import dev.orderly.operator.autoscaling.QueueReader.BrokerAccess;
import dev.orderly.operator.fixtures.Models;
import dev.orderly.operator.fixtures.OrderPlatforms;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class KedaModelTest {

  @Test
  void aScaledObjectScalesTheServiceOnItsQueueWithItsBoundsTargetAndWindow() {
    PlatformModel model =
        Models.of(
            OrderPlatforms.fromJson(
                """
        {"version": "0.1.0", "inventory": {"autoscaling":
          {"minReplicas": 2, "maxReplicas": 7, "targetBacklogPerReplica": 250, "scaleDownStabilization": "2m", "scaler": "Keda"}}}"""));

    assertThat(model.keda().services())
        .extracting(ServiceModel::component)
        .containsExactly(Component.INVENTORY);
    JsonNode scaledObject =
        Serialization.jsonMapper().valueToTree(model.keda().generateScaledObjects().getFirst());
    assertThat(scaledObject.path("metadata").path("name").asText()).isEqualTo("shop-inventory");
    JsonNode spec = scaledObject.path("spec");
    assertThat(spec.path("scaleTargetRef").path("name").asText()).isEqualTo("shop-inventory");
    assertThat(spec.path("minReplicaCount").asInt()).isEqualTo(2);
    assertThat(spec.path("maxReplicaCount").asInt()).isEqualTo(7);
    assertThat(spec.path("cooldownPeriod").asLong()).isEqualTo(120);
    assertThat(
            spec.at(
                    "/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown/stabilizationWindowSeconds")
                .asLong())
        .isEqualTo(120);
    JsonNode trigger = spec.path("triggers").get(0);
    assertThat(trigger.path("type").asText()).isEqualTo("rabbitmq");
    assertThat(trigger.path("metadata").path("queueName").asText())
        .isEqualTo("inventory.order-events");
    assertThat(trigger.path("metadata").path("mode").asText()).isEqualTo("QueueLength");
    assertThat(trigger.path("metadata").path("value").asText()).isEqualTo("250");
    assertThat(trigger.path("metadata").path("protocol").asText()).isEqualTo("http");
    assertThat(trigger.path("authenticationRef").path("name").asText())
        .isEqualTo("shop-rabbitmq-keda");

    assertThat(model.inventory().ownsReplicas())
        .as("KEDA's replicas, never the operator's")
        .isFalse();
    assertThat(model.inventory().generateDeployment().getSpec().getReplicas()).isNull();
  }

  @Test
  void theTriggerAuthenticationReadsTheManagementUrlWithTheAdminsCredentialsFromASecret() {
    PlatformModel model =
        Models.of(
            OrderPlatforms.fromJson(
                """
        {"version": "0.1.0", "orders": {"autoscaling": {"scaler": "Keda"}}}"""));

    JsonNode authentication =
        Serialization.jsonMapper().valueToTree(model.keda().generateTriggerAuthentication());
    assertThat(authentication.at("/spec/secretTargetRef/0/parameter").asText()).isEqualTo("host");
    assertThat(authentication.at("/spec/secretTargetRef/0/name").asText())
        .isEqualTo("shop-rabbitmq-keda");
    var secret =
        model
            .keda()
            .generateSecret(
                new BrokerAccess(
                    "http://shop-rabbitmq.shop-ns.svc:15672", "/", "admin", "p@ss word/1"));
    assertThat(secret.getData()).containsOnlyKeys("host");
    assertThat(Secrets.value(secret, "host"))
        .hasValue("http://admin:p%40ss%20word%2F1@shop-rabbitmq.shop-ns.svc:15672/");

    // KEDA's operator is admitted to the management API, which nobody else but this operator
    // reaches.
    var broker =
        model.generateNetworkPolicies().stream()
            .filter(policy -> policy.getMetadata().getName().equals("shop-rabbitmq"))
            .findFirst()
            .orElseThrow();
    assertThat(broker.getSpec().getIngress())
        .anySatisfy(
            rule -> {
              assertThat(rule.getFrom().getFirst().getPodSelector().getMatchLabels())
                  .containsEntry(Labels.NAME, "keda-operator");
              assertThat(rule.getPorts().getFirst().getPort().getIntVal()).isEqualTo(15672);
            });
    assertThat(Models.minimal().generateNetworkPolicies())
        .as("not without scaler: Keda")
        .allSatisfy(
            policy ->
                assertThat(policy.getSpec().getIngress())
                    .noneSatisfy(
                        rule ->
                            assertThat(rule.getFrom())
                                .anySatisfy(
                                    peer ->
                                        assertThat(peer.getPodSelector().getMatchLabels())
                                            .containsEntry(Labels.NAME, "keda-operator"))));
    assertThat(Models.minimal().keda().wanted()).isFalse();
  }

  @Test
  void kedaNeedsThePlatformsOwnBroker() {
    OrderPlatformSpec external =
        OrderPlatforms.fromJson(
            """
        {"version": "0.1.0", "rabbitmq": {"external": {"host": "mq.example.com", "secretRef": {"name": "mq"}}},
         "inventory": {"autoscaling": {"scaler": "Keda"}}}""");
    assertThatThrownBy(() -> Models.of(external))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("inventory.autoscaling.scaler")
        .hasMessageContaining("scaler: External");
  }
}
