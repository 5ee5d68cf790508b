package dev.orderly.operator.model;

import dev.orderly.operator.autoscaling.QueueReader.BrokerAccess;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What KEDA needs to scale the services whose autoscaling says {@code scaler: Keda}: a ScaledObject
 * per service (rabbitmq trigger on its queue, QueueLength at its target per pod, its bounds and
 * scale-down window) and one TriggerAuthentication pointing at a Secret with the broker's
 * management URL, as the generated admin (the same reading the operator's own scaler does).
 */
public final class KedaModel {

  public static final String API_VERSION = "keda.sh/v1alpha1";
  public static final String SCALED_OBJECT = "ScaledObject";
  public static final String TRIGGER_AUTHENTICATION = "TriggerAuthentication";

  /** Key of the management URL in the Secret the TriggerAuthentication reads. */
  static final String HOST_KEY = "host";

  /** The {@code app.kubernetes.io/name} of KEDA's operator pods, admitted to the management API. */
  public static final String KEDA_OPERATOR_POD_NAME = "keda-operator";

  private final PlatformModel model;

  public KedaModel(PlatformModel model) {
    this.model = model;
  }

  /** The services KEDA scales. */
  public List<ServiceModel> services() {
    return model.services().stream()
        .filter(service -> service.autoscaling().map(Autoscaling::byKeda).orElse(false))
        .toList();
  }

  /** Whether any service is KEDA's to scale. */
  public boolean wanted() {
    return !services().isEmpty();
  }

  /** Name of the TriggerAuthentication and of the Secret it reads. */
  public String authenticationName() {
    return model.platform().name() + "-rabbitmq-keda";
  }

  public List<GenericKubernetesResource> generateScaledObjects() {
    return services().stream().map(this::scaledObject).toList();
  }

  private GenericKubernetesResource scaledObject(ServiceModel service) {
    Autoscaling autoscaling = service.autoscaling().orElseThrow();
    long window = autoscaling.scaleDownStabilization().toSeconds();
    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("type", "rabbitmq");
    trigger.put(
        "metadata",
        Map.of(
            "protocol",
            "http",
            "queueName",
            autoscaling.queue(),
            "mode",
            "QueueLength",
            "value",
            String.valueOf(autoscaling.targetBacklogPerReplica()),
            "vhostName",
            RabbitMqModel.VHOST));
    trigger.put("authenticationRef", Map.of("name", authenticationName()));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("scaleTargetRef", Map.of("name", model.platform().workloadName(service.component())));
    spec.put("minReplicaCount", autoscaling.minReplicas());
    spec.put("maxReplicaCount", autoscaling.maxReplicas());
    spec.put("cooldownPeriod", window);
    // The operator's own scaler waits a whole window before scaling down; KEDA's HPA the same.
    spec.put(
        "advanced",
        Map.of(
            "horizontalPodAutoscalerConfig",
            Map.of("behavior", Map.of("scaleDown", Map.of("stabilizationWindowSeconds", window)))));
    spec.put("triggers", List.of(trigger));
    return resource(
        SCALED_OBJECT,
        model.platform().workloadName(service.component()),
        service.labels().toMap(),
        spec);
  }

  public GenericKubernetesResource generateTriggerAuthentication() {
    return resource(
        TRIGGER_AUTHENTICATION,
        authenticationName(),
        labels().toMap(),
        Map.of(
            "secretTargetRef",
            List.of(Map.of("parameter", HOST_KEY, "name", authenticationName(), "key", HOST_KEY))));
  }

  /** The Secret with the management URL, credentials in it, as KEDA's rabbitmq trigger reads it. */
  public Secret generateSecret(BrokerAccess broker) {
    URI base = URI.create(broker.baseUrl());
    String host =
        base.getScheme()
            + "://"
            + encode(broker.user())
            + ":"
            + encode(broker.password())
            + "@"
            + base.getAuthority()
            + "/";
    // As data, not stringData: the API server keeps only data, and a desired stringData would
    // never match it (the Secret rewritten on every reconciliation).
    return Secrets.opaque(
        authenticationName(), model.platform().namespace(), labels(), Map.of(HOST_KEY, host));
  }

  /** The broker's labels: what these objects give access to. */
  private Labels labels() {
    return Labels.of(Component.RABBITMQ, model.platform().name(), model.version());
  }

  private GenericKubernetesResource resource(
      String kind, String name, Map<String, String> labels, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION)
        .withKind(kind)
        .withNewMetadata()
        .withName(name)
        .withNamespace(model.platform().namespace())
        .withLabels(labels)
        .endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
