package dev.orderly.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.operator.fixtures.Models;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The managed RabbitMQ: definitions loaded at boot, configuration, StatefulSet. */
class RabbitMqModelTest {

  private final RabbitMqModel rabbitmq = Models.minimal().rabbitmq();

  @Test
  void definitionsDeclareTheTopicExchangeAndTheDeadLetterExchange() throws Exception {
    JsonNode definitions = definitions();

    assertThat(find(definitions.get("exchanges"), "orderly.events").get("type").asText())
        .isEqualTo("topic");
    assertThat(find(definitions.get("exchanges"), "orderly.dlx").get("type").asText())
        .isEqualTo("direct");
  }

  @Test
  void consumerQueuesAreQuorumQueuesDeadLetteringUnderTheirOwnName() throws Exception {
    JsonNode queues = definitions().get("queues");

    for (String queue : List.of("inventory.order-events", "orders.stock-events")) {
      JsonNode arguments = find(queues, queue).get("arguments");
      assertThat(arguments.get("x-queue-type").asText()).isEqualTo("quorum");
      assertThat(arguments.get("x-delivery-limit").asInt())
          .isEqualTo(BrokerTopology.DELIVERY_LIMIT);
      assertThat(arguments.get("x-dead-letter-exchange").asText()).isEqualTo("orderly.dlx");
      assertThat(arguments.get("x-dead-letter-routing-key").asText()).isEqualTo(queue);
      assertThat(find(queues, queue + ".dlq").get("arguments").get("x-queue-type").asText())
          .isEqualTo("quorum");
    }
  }

  @Test
  void bindsEachQueueToItsEventsAndEachDeadLetterQueueToItsQueueName() throws Exception {
    List<String> bindings = new ArrayList<>();
    definitions()
        .get("bindings")
        .forEach(
            binding ->
                bindings.add(
                    binding.get("source").asText()
                        + " -["
                        + binding.get("routing_key").asText()
                        + "]-> "
                        + binding.get("destination").asText()));

    assertThat(bindings)
        .containsExactlyInAnyOrder(
            "orderly.events -[order.*]-> inventory.order-events",
            "orderly.dlx -[inventory.order-events]-> inventory.order-events.dlq",
            "orderly.events -[stock.*]-> orders.stock-events",
            "orderly.dlx -[orders.stock-events]-> orders.stock-events.dlq");
  }

  @Test
  void eachServiceUserIsLimitedToTheTopologyWithItsGeneratedPassword() throws Exception {
    var credentials = rabbitmq.generateCredentialsSecret(Models.FIXED_SECRETS);
    JsonNode definitions = definitions(credentials);

    JsonNode orders = find(definitions.get("users"), "orders");
    assertThat(orders.get("password").asText())
        .isEqualTo(Secrets.value(credentials, "orders-password").orElseThrow());
    assertThat(orders.get("tags")).isEmpty();
    JsonNode permission = findBy(definitions.get("permissions"), "user", "orders");
    assertThat(permission.get("configure").asText()).isEqualTo(BrokerTopology.permissionPattern());
    assertThat("orderly.events").matches(BrokerTopology.permissionPattern());
    assertThat("amq.default").doesNotMatch(BrokerTopology.permissionPattern());
    assertThat(find(definitions.get("users"), "admin").get("tags").get(0).asText())
        .isEqualTo("administrator");
  }

  @Test
  void configurationLoadsTheDefinitionsAtBoot() {
    var config = rabbitmq.generateConfigMap().getData();

    assertThat(config.get("rabbitmq.conf"))
        .contains("load_definitions = /etc/rabbitmq-definitions/definitions.json");
    assertThat(config.get("enabled_plugins")).contains("rabbitmq_management");
    var volumes = rabbitmq.generateStatefulSet(null).getSpec().getTemplate().getSpec().getVolumes();
    assertThat(volumes)
        .filteredOn(volume -> volume.getSecret() != null)
        .extracting(volume -> volume.getSecret().getSecretName())
        .containsExactly("shop-rabbitmq-definitions");
  }

  @Test
  void statefulSetHasADataClaimOfTheDefaultSize() {
    assertThat(Storages.claimSizeOf(rabbitmq.generateStatefulSet(null))).contains("1Gi");
    assertThat(
            rabbitmq
                .generateStatefulSet(null)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getSecurityContext()
                .getRunAsNonRoot())
        .isTrue();
  }

  @Test
  void theErlangCookieComesFromTheGeneratedSecretAndVolumesAreReownedOnlyWhenTheirRootIsNot() {
    var secret = rabbitmq.generateCredentialsSecret(Models.FIXED_SECRETS);
    var pod = rabbitmq.generateStatefulSet(null).getSpec().getTemplate().getSpec();
    var cookie =
        pod.getContainers().getFirst().getEnv().stream()
            .filter(env -> env.getName().equals("RABBITMQ_ERLANG_COOKIE"))
            .findFirst()
            .orElseThrow();

    assertThat(Secrets.value(secret, RabbitMqModel.ERLANG_COOKIE_KEY))
        .get()
        .asString()
        .isNotBlank();
    assertThat(cookie.getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("shop-rabbitmq-credentials");
    assertThat(cookie.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("erlang-cookie");
    assertThat(cookie.getValueFrom().getSecretKeyRef().getOptional())
        .as("a Secret made before the key existed")
        .isTrue();
    assertThat(pod.getSecurityContext().getFsGroupChangePolicy()).isEqualTo("OnRootMismatch");
  }

  private JsonNode definitions() throws Exception {
    return definitions(rabbitmq.generateCredentialsSecret(Models.FIXED_SECRETS));
  }

  private JsonNode definitions(io.fabric8.kubernetes.api.model.Secret credentials)
      throws Exception {
    var secret = rabbitmq.generateDefinitionsSecret(credentials);
    assertThat(secret.getMetadata().getName()).isEqualTo("shop-rabbitmq-definitions");
    return new ObjectMapper()
        .readTree(Secrets.value(secret, RabbitMqModel.DEFINITIONS_KEY).orElseThrow());
  }

  private static JsonNode find(JsonNode array, String name) {
    return findBy(array, "name", name);
  }

  private static JsonNode findBy(JsonNode array, String field, String value) {
    for (JsonNode node : array) {
      if (value.equals(node.get(field).asText())) {
        return node;
      }
    }
    throw new AssertionError("no element with " + field + "=" + value + " in " + array);
  }
}
