package dev.orderly.operator.it;

import static org.awaitility.Awaitility.await;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.api.v1alpha1.Phase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * Plays the workload controllers (absent here): reports a Deployment or StatefulSet as fully ready.
 */
final class Readiness {

  private Readiness() {}

  /**
   * Plays the workload controllers stage by stage (data stores, auth, orders and inventory,
   * gateway) as the operator creates each one, until the platform's phase is Running.
   */
  static void driveToRunning(
      KubernetesClient client, String namespace, String platform, Duration timeout) {
    String prefix = platform + "-";
    awaitExists(
        client, StatefulSet.class, namespace, timeout, prefix + "postgres", prefix + "rabbitmq");
    statefulSetReady(client, namespace, prefix + "postgres");
    statefulSetReady(client, namespace, prefix + "rabbitmq");
    awaitExists(client, Deployment.class, namespace, timeout, prefix + "auth");
    deploymentReady(client, namespace, prefix + "auth");
    awaitExists(
        client, Deployment.class, namespace, timeout, prefix + "orders", prefix + "inventory");
    deploymentReady(client, namespace, prefix + "orders");
    deploymentReady(client, namespace, prefix + "inventory");
    awaitExists(client, Deployment.class, namespace, timeout, prefix + "gateway");
    deploymentReady(client, namespace, prefix + "gateway");
    await()
        .atMost(timeout)
        .until(
            () -> {
              // The Ingress controller's part, when the platform asks for an Ingress: publish an
              // address.
              ingressAdmitted(client, namespace, prefix + "gateway");
              OrderPlatform current =
                  client
                      .resources(OrderPlatform.class)
                      .inNamespace(namespace)
                      .withName(platform)
                      .get();
              return current.getStatus() != null && current.getStatus().phase() == Phase.Running;
            });
  }

  static <R extends HasMetadata> void awaitExists(
      KubernetesClient client, Class<R> type, String namespace, Duration timeout, String... names) {
    for (String name : names) {
      await(type.getSimpleName() + " " + namespace + "/" + name + " exists")
          .atMost(timeout)
          .until(() -> client.resources(type).inNamespace(namespace).withName(name).get() != null);
    }
  }

  /**
   * What an Ingress controller does once it serves an Ingress: publish its address; nothing when
   * there is none.
   */
  static void ingressAdmitted(KubernetesClient client, String namespace, String name) {
    Ingress ingress = client.network().v1().ingresses().inNamespace(namespace).withName(name).get();
    if (ingress == null
        || (ingress.getStatus() != null
            && ingress.getStatus().getLoadBalancer() != null
            && ingress.getStatus().getLoadBalancer().getIngress() != null
            && !ingress.getStatus().getLoadBalancer().getIngress().isEmpty())) {
      return;
    }
    ingress.setStatus(
        new IngressStatusBuilder()
            .withNewLoadBalancer()
            .addNewIngress()
            .withIp("192.0.2.10")
            .endIngress()
            .endLoadBalancer()
            .build());
    client.network().v1().ingresses().inNamespace(namespace).resource(ingress).updateStatus();
  }

  static void deploymentReady(KubernetesClient client, String namespace, String name) {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            deployment -> {
              int replicas = deployment.getSpec().getReplicas();
              deployment.setStatus(
                  new DeploymentStatusBuilder()
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
    client
        .apps()
        .statefulSets()
        .inNamespace(namespace)
        .withName(name)
        .editStatus(
            statefulSet -> {
              int replicas = statefulSet.getSpec().getReplicas();
              statefulSet.setStatus(
                  new StatefulSetStatusBuilder()
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
