package dev.orderly.operator.model;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
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
   * A volume mount. {@code readOnly} is left unset rather than false: the API server drops a false
   * value, and a desired state that differs from what the server stores is re-applied forever.
   */
  public static VolumeMount mount(String volume, String path, boolean readOnly) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(readOnly ? Boolean.TRUE : null).build();
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
    return new ServiceBuilder()
        .withMetadata(metadata(name, namespace, labels))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(labels.selector())
        .withPorts(ports)
        .endSpec()
        .build();
  }

  /**
   * A headless Service giving a StatefulSet's pods stable DNS names; it publishes not-ready pods so
   * peers can find each other while starting.
   */
  public static Service headlessService(
      String name, String namespace, Labels labels, List<ServicePort> ports) {
    return new ServiceBuilder()
        .withMetadata(metadata(name, namespace, labels))
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .withSelector(labels.selector())
        .withPorts(ports)
        .endSpec()
        .build();
  }


  /** Allows voluntary disruptions (drains) to take only one pod of the component at a time. */
  public static PodDisruptionBudget podDisruptionBudget(String name, String namespace, Labels labels) {
    return new PodDisruptionBudgetBuilder()
        .withMetadata(metadata(name, namespace, labels))
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(labels.selector())
        .endSelector()
        .endSpec()
        .build();
  }
}
