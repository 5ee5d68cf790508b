package dev.orderly.operator.reconciler;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One informer per kind of child, shared by every dependent of that kind (several Deployments,
 * Services and Secrets per platform), watching only what this operator manages.
 */
public final class SharedEventSources {

  public static final String SECRETS = "secrets";
  public static final String CONFIG_MAPS = "configmaps";
  public static final String SERVICES = "services";
  public static final String DEPLOYMENTS = "deployments";
  public static final String STATEFUL_SETS = "statefulsets";
  public static final String DISRUPTION_BUDGETS = "poddisruptionbudgets";
  public static final String NETWORK_POLICIES = "networkpolicies";
  public static final String INGRESSES = "ingresses";
  public static final String PODS = "pods";

  private SharedEventSources() {}

  /** The event sources of the OrderPlatform controller. */
  public static List<EventSource<?, OrderPlatform>> create(
      EventSourceContext<OrderPlatform> context) {
    return List.of(
        owned(Secret.class, SECRETS, context),
        owned(ConfigMap.class, CONFIG_MAPS, context),
        owned(Service.class, SERVICES, context),
        owned(Deployment.class, DEPLOYMENTS, context),
        owned(StatefulSet.class, STATEFUL_SETS, context),
        owned(PodDisruptionBudget.class, DISRUPTION_BUDGETS, context),
        owned(NetworkPolicy.class, NETWORK_POLICIES, context),
        owned(Ingress.class, INGRESSES, context),
        pods(context));
  }

  private static <R extends HasMetadata> InformerEventSource<R, OrderPlatform> owned(
      Class<R> type, String name, EventSourceContext<OrderPlatform> context) {
    var configuration =
        InformerEventSourceConfiguration.from(type, OrderPlatform.class)
            .withName(name)
            .withLabelSelector(Labels.MANAGED_SELECTOR)
            .withNamespacesInheritedFromController()
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  /**
   * Pods are owned by ReplicaSets and StatefulSets, not by the platform, so they are mapped to it
   * through their instance label. Their state gives the failure reasons in the status.
   */
  private static InformerEventSource<Pod, OrderPlatform> pods(
      EventSourceContext<OrderPlatform> context) {
    var configuration =
        InformerEventSourceConfiguration.from(Pod.class, OrderPlatform.class)
            .withName(PODS)
            .withLabelSelector(Labels.MANAGED_SELECTOR)
            .withNamespacesInheritedFromController()
            .withSecondaryToPrimaryMapper(SharedEventSources::platformOf)
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  private static Set<ResourceID> platformOf(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String instance = labels == null ? null : labels.get(Labels.INSTANCE);
    return instance == null
        ? Set.of()
        : Set.of(new ResourceID(instance, pod.getMetadata().getNamespace()));
  }
}
