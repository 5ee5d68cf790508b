package dev.orderly.operator.model;

import static dev.orderly.operator.fixtures.Models.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.operator.api.v1alpha1.MonitoringSpec;
import dev.orderly.operator.api.v1alpha1.OrderPlatformSpec;
import dev.orderly.operator.api.v1alpha1.TracingSpec;
import dev.orderly.operator.fixtures.Models;
import dev.orderly.operator.fixtures.OrderPlatforms;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spec.monitoring.tracing: the services' OTEL_* variables and the egress to the receiver. */
class TracingModelTest {

  @Test
  void everyServiceExportsToTheEndpointWithThePlatformInItsResource() {
    PlatformModel model =
        Models.of(
            withTracing(new TracingSpec("http://otel-collector.observability.svc:4318", null)));

    for (ServiceModel service : model.services()) {
      Map<String, EnvVar> env = Models.env(container(service.generateDeployment()));
      assertThat(env.get("OTEL_EXPORTER_OTLP_ENDPOINT").getValue())
          .as(service.component().id())
          .isEqualTo("http://otel-collector.observability.svc:4318");
      assertThat(env.get("OTEL_RESOURCE_ATTRIBUTES").getValue())
          .isEqualTo("service.namespace=shop,k8s.namespace.name=" + Models.NAMESPACE);
      assertThat(env).doesNotContainKeys("OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG");
      // The collector's namespace, on the port of the URL.
      assertThat(service.generateNetworkPolicy().getSpec().getEgress())
          .filteredOn(rule -> rule.getPorts().getFirst().getPort().getIntVal() == 4318)
          .singleElement()
          .satisfies(
              rule ->
                  assertThat(rule.getTo().getFirst().getNamespaceSelector().getMatchLabels())
                      .containsEntry("kubernetes.io/metadata.name", "observability"));
    }
  }

  @Test
  void aSamplingRatioSetsTheParentBasedRatioSampler() {
    PlatformModel model =
        Models.of(withTracing(new TracingSpec("https://traces.example.com/otlp", 0.25)));

    Map<String, EnvVar> env = Models.env(container(model.orders().generateDeployment()));
    assertThat(env.get("OTEL_TRACES_SAMPLER").getValue()).isEqualTo("parentbased_traceidratio");
    assertThat(env.get("OTEL_TRACES_SAMPLER_ARG").getValue()).isEqualTo("0.25");
    // Outside the cluster: any address, on the scheme's port.
    assertThat(model.orders().generateNetworkPolicy().getSpec().getEgress())
        .filteredOn(rule -> rule.getPorts().getFirst().getPort().getIntVal() == 443)
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getTo().getFirst().getIpBlock().getCidr()).isEqualTo("0.0.0.0/0"));
  }

  @Test
  void withoutAnEndpointNothingIsExported() {
    PlatformModel model = Models.of(withTracing(new TracingSpec(null, 0.5)));

    for (ServiceModel service : model.services()) {
      assertThat(Models.env(container(service.generateDeployment())).keySet())
          .noneMatch(name -> name.startsWith("OTEL_"));
    }
  }

  @Test
  void anEndpointThatIsNoHttpUrlOrARatioOutOfRangeIsRefused() {
    assertThatThrownBy(() -> Models.of(withTracing(new TracingSpec("otel-collector:4318", null))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("monitoring.tracing.otlpEndpoint");
    assertThatThrownBy(
            () -> Models.of(withTracing(new TracingSpec("http://collector:4318?x=1", null))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("monitoring.tracing.otlpEndpoint");
    assertThatThrownBy(() -> Models.of(withTracing(new TracingSpec("http://collector:4318", 1.5))))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("monitoring.tracing.samplingRatio");
  }

  private static OrderPlatformSpec withTracing(TracingSpec tracing) {
    return OrderPlatforms.withMonitoring(new MonitoringSpec(null, null, tracing));
  }
}
