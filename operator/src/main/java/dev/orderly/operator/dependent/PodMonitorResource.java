package dev.orderly.operator.dependent;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The Prometheus Operator's PodMonitor, still a generic resource, but one whose plural fabric8
 * knows once registered ({@link #registerWith}): JOSDK builds the informer of an inactive
 * dependent too, and fabric8 would otherwise ask API discovery for a kind the cluster may not serve.
 */
@Group("monitoring.coreos.com")
@Version("v1")
@Kind("PodMonitor")
@Plural("podmonitors")
public class PodMonitorResource extends GenericKubernetesResource implements Namespaced {

  /** Tells {@code client}'s serialization the kind's group, version and plural. */
  public static void registerWith(io.fabric8.kubernetes.client.KubernetesClient client) {
    client.getKubernetesSerialization().registerKubernetesResource(PodMonitorResource.class);
  }
}
