package dev.orderly.operator.it;

import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Plays the workload controllers (absent here): reports a Deployment or StatefulSet as fully ready. */
final class Readiness {

  private Readiness() {}

  static void deploymentReady(KubernetesClient client, String namespace, String name) {
    client.apps().deployments().inNamespace(namespace).withName(name).editStatus(deployment -> {
      int replicas = deployment.getSpec().getReplicas();
      deployment.setStatus(new DeploymentStatusBuilder()
          .withObservedGeneration(deployment.getMetadata().getGeneration())
          .withReplicas(replicas)
          .withUpdatedReplicas(replicas)
          .withReadyReplicas(replicas)
          .withAvailableReplicas(replicas)
          .build());
      return deployment;
    });
  }

  static void statefulSetReady(KubernetesClient client, String namespace, String name) {
    client.apps().statefulSets().inNamespace(namespace).withName(name).editStatus(statefulSet -> {
      int replicas = statefulSet.getSpec().getReplicas();
      statefulSet.setStatus(new StatefulSetStatusBuilder()
          .withObservedGeneration(statefulSet.getMetadata().getGeneration())
          .withReplicas(replicas)
          .withUpdatedReplicas(replicas)
          .withReadyReplicas(replicas)
          .withAvailableReplicas(replicas)
          .withCurrentReplicas(replicas)
          .build());
      return statefulSet;
    });
  }
}
