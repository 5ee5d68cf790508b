package dev.orderly.operator.model;

import dev.orderly.operator.api.v1alpha1.TracingSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the services export their spans (spec.monitoring.tracing): the standard {@code OTEL_*}
 * variables the services' OpenTelemetry SDK reads, and the egress their NetworkPolicies allow for
 * it. Off when no endpoint is set.
 *
 * @param otlpEndpoint the OTLP/HTTP receiver, or null
 * @param samplingRatio the share of new traces recorded, or null for all
 */
public record TracingModel(URI otlpEndpoint, Double samplingRatio) {

  /** Tracing off. */
  public static final TracingModel OFF = new TracingModel(null, null);

  /** Validates {@code spec} (may be null: tracing off). */
  public static TracingModel fromSpec(TracingSpec spec) {
    if (spec == null || spec.otlpEndpoint() == null || spec.otlpEndpoint().isBlank()) {
      return OFF;
    }
    URI endpoint;
    try {
      endpoint = new URI(spec.otlpEndpoint().trim());
    } catch (URISyntaxException e) {
      throw new InvalidSpecException("monitoring.tracing.otlpEndpoint", "is not a URL: " + e);
    }
    if (!("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
        || endpoint.getHost() == null
        || endpoint.getQuery() != null
        || endpoint.getFragment() != null) {
      throw new InvalidSpecException(
          "monitoring.tracing.otlpEndpoint",
          "must be an http(s) URL with a host and no query, got " + spec.otlpEndpoint());
    }
    Double ratio = spec.samplingRatio();
    if (ratio != null && !(ratio >= 0 && ratio <= 1)) {
      throw new InvalidSpecException(
          "monitoring.tracing.samplingRatio", "must be between 0 and 1, got " + ratio);
    }
    return new TracingModel(endpoint, ratio);
  }

  /** Whether spans are exported. */
  public boolean enabled() {
    return otlpEndpoint != null;
  }

  /**
   * The services' {@code OTEL_*} variables: the endpoint, the sampler, and resource attributes that
   * tell one platform's services from another's.
   */
  List<EnvVar> environment(PlatformIdentity platform) {
    if (!enabled()) {
      return List.of();
    }
    List<EnvVar> env = new ArrayList<>();
    env.add(EnvVars.value("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint.toString()));
    env.add(
        EnvVars.value(
            "OTEL_RESOURCE_ATTRIBUTES",
            "service.namespace="
                + platform.name()
                + ",k8s.namespace.name="
                + platform.namespace()));
    if (samplingRatio != null) {
      env.add(EnvVars.value("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"));
      env.add(EnvVars.value("OTEL_TRACES_SAMPLER_ARG", samplingRatio.toString()));
    }
    return env;
  }

  /** Egress to the receiver, for the services' NetworkPolicies. */
  List<NetworkPolicyEgressRule> egressRules() {
    if (!enabled()) {
      return List.of();
    }
    int port = otlpEndpoint.getPort();
    if (port < 0) {
      port = "https".equals(otlpEndpoint.getScheme()) ? 443 : 80;
    }
    return List.of(NetworkPolicies.toExternal(otlpEndpoint.getHost(), port));
  }
}
