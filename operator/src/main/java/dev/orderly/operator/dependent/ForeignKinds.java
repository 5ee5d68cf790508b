package dev.orderly.operator.dependent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The kinds of other projects' CRDs the operator writes, still generic resources, but ones whose
 * plural fabric8 knows once registered: JOSDK builds the informer of an inactive dependent too, and
 * fabric8 would otherwise ask API discovery for a kind the cluster may not serve.
 */
public final class ForeignKinds {

  private ForeignKinds() {}

  /** Tells {@code client}'s serialization each kind's group, version and plural. */
  public static void registerWith(KubernetesClient client) {
    client.getKubernetesSerialization().registerKubernetesResource(PodMonitor.class);
    client.getKubernetesSerialization().registerKubernetesResource(ScaledObject.class);
    client.getKubernetesSerialization().registerKubernetesResource(TriggerAuthentication.class);
  }

  /** The Prometheus Operator's PodMonitor. */
  @Group("monitoring.coreos.com")
  @Version("v1")
  @Kind("PodMonitor")
  @Plural("podmonitors")
  public static class PodMonitor extends GenericKubernetesResource implements Namespaced {}

  /** KEDA's ScaledObject. */
  @Group("keda.sh")
  @Version("v1alpha1")
  @Kind("ScaledObject")
  @Plural("scaledobjects")
  public static class ScaledObject extends GenericKubernetesResource implements Namespaced {}

  /** KEDA's TriggerAuthentication. */
  @Group("keda.sh")
  @Version("v1alpha1")
  @Kind("TriggerAuthentication")
  @Plural("triggerauthentications")
  public static class TriggerAuthentication extends GenericKubernetesResource
      implements Namespaced {}
}
