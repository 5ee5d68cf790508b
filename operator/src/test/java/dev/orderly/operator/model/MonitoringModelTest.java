package dev.orderly.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.operator.api.v1alpha1.MonitoringSpec;
import dev.orderly.operator.api.v1alpha1.PodMonitorSpec;
import dev.orderly.operator.fixtures.Models;
import dev.orderly.operator.fixtures.OrderPlatforms;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MonitoringModelTest {

  @Test
  void
      thePodMonitorScrapesEachServicesObservePortAndRabbitMqsQueueMetricsLabelledByPlatformAndComponent() {
    PlatformModel model = Models.minimal();
    JsonNode spec = spec(model);

    assertThat(spec.path("selector").path("matchLabels").path(Labels.INSTANCE).asText())
        .isEqualTo(Models.NAME);
    assertThat(spec.path("selector").path("matchLabels").path(Labels.PART_OF).asText())
        .isEqualTo("orderly");
    JsonNode endpoints = spec.path("podMetricsEndpoints");
    assertThat(endpoints.findValuesAsText("port")).containsExactly("observe", "prometheus");
    assertThat(endpoints.findValuesAsText("path"))
        .containsExactly("/observe/metrics", "/metrics/detailed");
    assertThat(
            Serialization.jsonMapper()
                .convertValue(endpoints.get(1).path("params").path("family"), List.class))
        .containsExactly("queue_coarse_metrics", "queue_consumer_count");
    assertThat(endpoints.findValuesAsText("interval")).containsOnly("30s");
    for (JsonNode endpoint : endpoints) {
      assertThat(endpoint.path("relabelings").findValuesAsText("targetLabel"))
          .containsExactly("platform", "component");
      assertThat(endpoint.path("relabelings").get(0).path("sourceLabels").get(0).asText())
          .isEqualTo("__meta_kubernetes_pod_label_app_kubernetes_io_instance");
    }

    // The ports it names are the ones the pods declare.
    List<String> servicePorts =
        model.services().stream()
            .flatMap(
                service -> Models.podSpec(service.generateDeployment()).getContainers().stream())
            .flatMap(MonitoringModelTest::portNames)
            .toList();
    assertThat(servicePorts).contains("observe");
    assertThat(
            model
                .rabbitmq()
                .generateStatefulSet(null)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .stream()
                .flatMap(MonitoringModelTest::portNames))
        .contains("prometheus");
  }

  @Test
  void intervalAndLabelsComeFromTheSpecAndDisablingRemovesIt() {
    var monitored =
        Models.of(
            OrderPlatforms.withMonitoring(
                new MonitoringSpec(
                    null,
                    new PodMonitorSpec(true, "15s", Map.of("release", "kube-prometheus")),
                    null)));
    assertThat(spec(monitored).path("podMetricsEndpoints").findValuesAsText("interval"))
        .containsOnly("15s");
    assertThat(monitored.monitoring().generatePodMonitor().orElseThrow().getMetadata().getLabels())
        .containsEntry("release", "kube-prometheus")
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);

    var disabled =
        Models.of(
            OrderPlatforms.withMonitoring(
                new MonitoringSpec(
                    List.of("monitoring"), new PodMonitorSpec(false, null, null), null)));
    assertThat(disabled.monitoring().podMonitorEnabled()).isFalse();
    assertThat(disabled.monitoring().generatePodMonitor()).isEmpty();
  }

  @Test
  void theOperatorsOwnLabelsCannotBeSet() {
    assertThatThrownBy(
            () ->
                Models.of(
                    OrderPlatforms.withMonitoring(
                        new MonitoringSpec(
                            null,
                            new PodMonitorSpec(true, null, Map.of(Labels.MANAGED_BY, "me")),
                            null))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("monitoring.podMonitor.labels");
  }

  private static JsonNode spec(PlatformModel model) {
    return Serialization.jsonMapper()
        .valueToTree(model.monitoring().generatePodMonitor().orElseThrow())
        .path("spec");
  }

  private static Stream<String> portNames(Container container) {
    return container.getPorts().stream().map(ContainerPort::getName);
  }
}
