package dev.orderly.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.List;

/** Building blocks shared by the component models; every input is an argument. */
public final class Workloads {

  /** Name of the emptyDir every container gets at /tmp, since root filesystems are read-only. */
  public static final String TMP_VOLUME = "tmp";

  private Workloads() {}

  /** Metadata with the component's labels. */
  public static ObjectMeta metadata(String name, String namespace, Labels labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels.toMap())
        .build();
  }

  /** Requests and limits of a container. */
  public static ResourceRequirements resources(
      String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(cpuRequest))
        .addToRequests("memory", new Quantity(memoryRequest))
        .addToLimits("cpu", new Quantity(cpuLimit))
        .addToLimits("memory", new Quantity(memoryLimit))
        .build();
  }

  /** An emptyDir volume. */
  public static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  /**
   * A volume of a ConfigMap's keys as files; a null {@code defaultMode} keeps the API server's
   * default.
   */
  public static Volume configMapVolume(String name, String configMap, Integer defaultMode) {
    return new VolumeBuilder()
        .withName(name)
        .withNewConfigMap()
        .withName(configMap)
        .withDefaultMode(defaultMode)
        .endConfigMap()
        .build();
  }

  /** A volume of a Secret's keys as files. */
  public static Volume secretVolume(String name, String secret, int defaultMode) {
    return new VolumeBuilder()
        .withName(name)
        .withNewSecret()
        .withSecretName(secret)
        .withDefaultMode(defaultMode)
        .endSecret()
        .build();
  }

  /**
   * A volume mount. {@code readOnly} is left unset rather than false: the API server drops a false
   * value, and a desired state that differs from what the server stores is re-applied forever.
   */
  public static VolumeMount mount(String volume, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(path)
        .withReadOnly(readOnly ? Boolean.TRUE : null)
        .build();
  }

  /** A TCP Service port targeting the container port of the same name. */
  public static ServicePort port(String name, int port) {
    return new ServicePortBuilder()
        .withName(name)
        .withProtocol("TCP")
        .withPort(port)
        .withTargetPort(new IntOrString(name))
        .build();
  }

  /** A ClusterIP Service selecting the component's pods. */
  public static Service clusterIpService(
      String name, String namespace, Labels labels, List<ServicePort> ports) {
    return service(name, namespace, labels, ports, new ServiceSpecBuilder().withType("ClusterIP"));
  }

  /**
   * A headless Service giving a StatefulSet's pods stable DNS names; it publishes not-ready pods so
   * peers can find each other while starting.
   */
  public static Service headlessService(
      String name, String namespace, Labels labels, List<ServicePort> ports) {
    return service(
        name,
        namespace,
        labels,
        ports,
        new ServiceSpecBuilder().withClusterIP("None").withPublishNotReadyAddresses(true));
  }

  private static Service service(
      String name,
      String namespace,
      Labels labels,
      List<ServicePort> ports,
      ServiceSpecBuilder kind) {
    return new ServiceBuilder()
        .withMetadata(metadata(name, namespace, labels))
        .withSpec(kind.withSelector(labels.selector()).withPorts(ports).build())
        .build();
  }

  /** A TCP container port, named so Services and probes can target it by name. */
  public static ContainerPort containerPort(String name, int port) {
    return new ContainerPortBuilder()
        .withName(name)
        .withContainerPort(port)
        .withProtocol("TCP")
        .build();
  }

  /**
   * A container of the component's image under the restricted security context; the caller adds its
   * environment and probes.
   */
  public static ContainerBuilder container(
      String name,
      String image,
      List<ContainerPort> ports,
      ResourceRequirements resources,
      List<VolumeMount> mounts) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withPorts(ports)
        .withResources(resources)
        .withSecurityContext(PodSecurity.container())
        .withVolumeMounts(mounts);
  }

  /**
   * The pod template of a component: its labels, the restricted pod security context, and neither a
   * service-account token nor service links, which no component uses.
   *
   * @param uid the user the pod runs as
   */
  public static PodTemplateSpecBuilder podTemplate(
      Labels labels,
      long uid,
      long terminationGracePeriodSeconds,
      Container container,
      List<Volume> volumes) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels.toMap())
        .endMetadata()
        .withNewSpec()
        .withSecurityContext(PodSecurity.pod(uid))
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withTerminationGracePeriodSeconds(terminationGracePeriodSeconds)
        .withContainers(container)
        .withVolumes(volumes)
        .endSpec();
  }

  /**
   * The single-pod StatefulSet of a data store (database or broker): rolled in place, its pod on
   * the data-store UID without a service-account token or service links, its data on one claim.
   *
   * @param serviceName the headless Service giving the pod its DNS name
   * @param whenDeleted what happens to the claim when the StatefulSet is deleted (Retain or Delete)
   */
  public static StatefulSet singlePodStatefulSet(
      String name,
      String namespace,
      Labels labels,
      String serviceName,
      String whenDeleted,
      Container container,
      List<Volume> volumes,
      PersistentVolumeClaim dataClaim) {
    return new StatefulSetBuilder()
        .withMetadata(metadata(name, namespace, labels))
        .withNewSpec()
        .withReplicas(1)
        .withServiceName(serviceName)
        .withNewSelector()
        .withMatchLabels(labels.selector())
        .endSelector()
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .endUpdateStrategy()
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenDeleted(whenDeleted)
        .withWhenScaled("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withTemplate(
            podTemplate(labels, PodSecurity.DATA_STORE_UID, 60L, container, volumes).build())
        .withVolumeClaimTemplates(dataClaim)
        .endSpec()
        .build();
  }

  /**
   * Keeps the single pod of a data store through voluntary disruptions: a drain waits until the
   * store is moved deliberately (its pod deleted by hand), instead of taking every service's
   * database or broker away at an unplanned moment.
   */
  public static PodDisruptionBudget storeDisruptionBudget(
      String name, String namespace, Labels labels) {
    return disruptionBudget(name, namespace, labels, 0);
  }

  /** Allows voluntary disruptions (drains) to take only one pod of the component at a time. */
  public static PodDisruptionBudget podDisruptionBudget(
      String name, String namespace, Labels labels) {
    return disruptionBudget(name, namespace, labels, 1);
  }

  private static PodDisruptionBudget disruptionBudget(
      String name, String namespace, Labels labels, int maxUnavailable) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(metadata(name, namespace, labels))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(maxUnavailable))
        .withNewSelector()
        .withMatchLabels(labels.selector())
        .endSelector()
        .endSpec()
        .build();
  }
}
