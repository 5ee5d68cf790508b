package dev.orderly.operator.model;

import dev.orderly.operator.api.v1alpha1.MonitoringSpec;
import dev.orderly.operator.api.v1alpha1.PodMonitorSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the platform is monitored: the namespaces admitted to the metrics ports, and the PodMonitor
 * telling the Prometheus Operator to scrape the services' observe port and RabbitMQ's per-queue
 * metrics, labelled the way the chart's alert rules and dashboard expect ({@code platform}, {@code
 * component}).
 */
public final class MonitoringModel {

  public static final String POD_MONITOR_API_VERSION = "monitoring.coreos.com/v1";
  public static final String POD_MONITOR_KIND = "PodMonitor";

  /** RabbitMQ's per-queue metric families the alert rules and the dashboard read. */
  static final List<String> RABBITMQ_FAMILIES =
      List.of("queue_coarse_metrics", "queue_consumer_count");

  private static final String DEFAULT_INTERVAL = "30s";

  private final PlatformIdentity platform;
  private final List<String> namespaces;
  private final boolean podMonitor;
  private final String interval;
  private final Map<String, String> podMonitorLabels;

  private MonitoringModel(
      PlatformIdentity platform,
      List<String> namespaces,
      boolean podMonitor,
      String interval,
      Map<String, String> podMonitorLabels) {
    this.platform = platform;
    this.namespaces = namespaces;
    this.podMonitor = podMonitor;
    this.interval = interval;
    this.podMonitorLabels = podMonitorLabels;
  }

  /** Validates {@code spec} (may be null: nobody admitted, a PodMonitor where the API exists). */
  public static MonitoringModel fromSpec(PlatformIdentity platform, MonitoringSpec spec) {
    List<String> namespaces =
        spec == null || spec.namespaces() == null ? List.of() : List.copyOf(spec.namespaces());
    for (String namespace : namespaces) {
      if (namespace == null
          || !namespace.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
          || namespace.length() > 63) {
        throw new InvalidSpecException(
            "monitoring.namespaces", "must be namespace names, got " + namespace);
      }
    }
    PodMonitorSpec pod = spec == null ? null : spec.podMonitor();
    boolean enabled = pod == null || pod.enabled() == null || pod.enabled();
    String interval = pod == null || pod.interval() == null ? DEFAULT_INTERVAL : pod.interval();
    Map<String, String> labels =
        pod == null || pod.labels() == null ? Map.of() : Map.copyOf(pod.labels());
    labels.keySet().stream()
        .filter(key -> key.startsWith("app.kubernetes.io/"))
        .findFirst()
        .ifPresent(
            key -> {
              throw new InvalidSpecException(
                  "monitoring.podMonitor.labels", key + " is the operator's own label");
            });
    return new MonitoringModel(platform, namespaces, enabled, interval, labels);
  }

  /** {@code policy} also admitting the monitoring namespaces' pods to the metrics {@code port}. */
  NetworkPolicy admitScrapers(NetworkPolicy policy, int port) {
    if (!namespaces.isEmpty()) {
      policy.getSpec().getIngress().add(NetworkPolicies.fromNamespaces(namespaces, port));
    }
    return policy;
  }

  /** Name of the platform's PodMonitor. */
  public String podMonitorName() {
    return platform.name();
  }

  /** Whether the spec wants a PodMonitor (where the cluster serves the API). */
  public boolean podMonitorEnabled() {
    return podMonitor;
  }

  /** The PodMonitor, unless spec.monitoring.podMonitor.enabled is false. */
  public Optional<GenericKubernetesResource> generatePodMonitor() {
    if (!podMonitor) {
      return Optional.empty();
    }
    Map<String, String> labels = new LinkedHashMap<>(podMonitorLabels);
    labels.put(Labels.INSTANCE, platform.name());
    labels.put(Labels.COMPONENT, "monitoring");
    labels.put(Labels.PART_OF, Labels.PART_OF_VALUE);
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put(
        "selector",
        Map.of(
            "matchLabels",
            Map.of(Labels.INSTANCE, platform.name(), Labels.PART_OF, Labels.PART_OF_VALUE)));
    spec.put(
        "podMetricsEndpoints",
        List.of(
            endpoint(ServiceModel.OBSERVE_PORT_NAME, "/observe/metrics", Map.of()),
            endpoint(
                RabbitMqModel.PROMETHEUS_PORT_NAME,
                "/metrics/detailed",
                Map.of("family", RABBITMQ_FAMILIES))));
    return Optional.of(
        new GenericKubernetesResourceBuilder()
            .withApiVersion(POD_MONITOR_API_VERSION)
            .withKind(POD_MONITOR_KIND)
            .withNewMetadata()
            .withName(podMonitorName())
            .withNamespace(platform.namespace())
            .withLabels(labels)
            .endMetadata()
            .addToAdditionalProperties("spec", spec)
            .build());
  }

  private Map<String, Object> endpoint(String port, String path, Map<String, List<String>> params) {
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("port", port);
    endpoint.put("path", path);
    if (!params.isEmpty()) {
      endpoint.put("params", params);
    }
    endpoint.put("interval", interval);
    // The pod's own labels name the platform and the component in every series it exports.
    endpoint.put(
        "relabelings",
        List.of(relabel(Labels.INSTANCE, "platform"), relabel(Labels.NAME, "component")));
    return endpoint;
  }

  private static Map<String, Object> relabel(String podLabel, String target) {
    String meta = "__meta_kubernetes_pod_label_" + podLabel.replaceAll("[^a-zA-Z0-9_]", "_");
    return Map.of("sourceLabels", List.of(meta), "targetLabel", target, "action", "replace");
  }
}
