package dev.orderly.operator.reconciler;

import dev.orderly.operator.api.v1alpha1.AutoscalingStatus;
import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.api.v1alpha1.QueueStatus;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.DataStore;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;
import dev.orderly.operator.model.ServiceModel;
import dev.orderly.operator.status.Observations;
import dev.orderly.operator.status.ObservedComponent;
import dev.orderly.operator.status.ObservedIngress;
import dev.orderly.operator.status.PlatformObservation;
import dev.orderly.operator.status.Problem;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a platform's workloads and pods from the informer caches into a {@link
 * PlatformObservation}.
 */
final class PlatformObserver {

  private PlatformObserver() {}

  /**
   * The observation of a platform whose spec was modelled; {@code autoscaling} as {@link
   * PlatformObservation#autoscaling()} describes it.
   */
  static PlatformObservation observe(
      OrderPlatform platform,
      PlatformModel model,
      Context<OrderPlatform> context,
      Problem problem,
      Map<String, QueueStatus> queues,
      Map<String, AutoscalingStatus> autoscaling) {
    Set<Pod> pods = context.getSecondaryResources(Pod.class);
    Set<Deployment> deployments = context.getSecondaryResources(Deployment.class);
    Set<StatefulSet> statefulSets = context.getSecondaryResources(StatefulSet.class);
    List<ObservedComponent> components = new ArrayList<>();
    components.add(observeStore(Component.POSTGRES, model.postgres(), model, statefulSets, pods));
    components.add(observeStore(Component.RABBITMQ, model.rabbitmq(), model, statefulSets, pods));
    for (ServiceModel service : model.services()) {
      Deployment deployment =
          Secondaries.named(deployments, model.platform().workloadName(service.component()))
              .orElse(null);
      components.add(
          Observations.ofDeployment(
              service.component(), service.replicas(), service.minimumReady(), deployment, pods));
    }
    return new PlatformObservation(
        generationOf(platform),
        platform.getStatus(),
        model.version(),
        model.endpoint(),
        model.gateway().labels().selectorString(),
        components,
        problem,
        queues,
        model.ingress().isEmpty() ? null : observeIngress(model, context),
        autoscaling);
  }

  /** The observation of a platform whose spec could not be modelled. */
  static PlatformObservation unmodelled(OrderPlatform platform, Problem problem) {
    String version = platform.getSpec() == null ? null : platform.getSpec().version();
    return new PlatformObservation(
        generationOf(platform),
        platform.getStatus(),
        version,
        null,
        null,
        List.of(),
        problem,
        null,
        null,
        null);
  }

  private static ObservedComponent observeStore(
      Component component,
      DataStore store,
      PlatformModel model,
      Set<StatefulSet> statefulSets,
      Set<Pod> pods) {
    return store.isManaged()
        ? Observations.ofStatefulSet(
            component,
            Secondaries.named(statefulSets, model.platform().workloadName(component)).orElse(null),
            pods)
        : ObservedComponent.external(component);
  }

  private static ObservedIngress observeIngress(
      PlatformModel model, Context<OrderPlatform> context) {
    String name = ResourceNames.ingress(model.platform().name());
    return ObservedIngress.of(name, Secondaries.named(context, Ingress.class, name).orElse(null));
  }

  private static long generationOf(OrderPlatform platform) {
    Long generation = platform.getMetadata().getGeneration();
    return generation == null ? 0L : generation;
  }
}
