package dev.orderly.operator.model;

import dev.orderly.operator.api.v1alpha1.SchedulingSpec;
import dev.orderly.operator.api.v1alpha1.SecretReference;
import dev.orderly.operator.api.v1alpha1.TolerationSpec;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * What every pod of a platform shares about where it runs and how it gets its image: node selector,
 * tolerations and image pull secrets.
 *
 * @param nodeSelector labels the node must carry
 * @param tolerations taints tolerated
 * @param imagePullSecrets Secrets the kubelet pulls images with
 */
public record PodPlacement(
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    List<LocalObjectReference> imagePullSecrets) {

  /** No constraint: the scheduler's and the kubelet's defaults. */
  public static final PodPlacement NONE = new PodPlacement(Map.of(), List.of(), List.of());

  public PodPlacement {
    nodeSelector = Map.copyOf(nodeSelector);
    tolerations = List.copyOf(tolerations);
    imagePullSecrets = List.copyOf(imagePullSecrets);
  }

  /** The placement of the spec's {@code scheduling} and {@code imagePullSecrets}. */
  static PodPlacement fromSpec(SchedulingSpec scheduling, List<SecretReference> pullSecrets) {
    Map<String, String> selector =
        scheduling == null || scheduling.nodeSelector() == null
            ? Map.of()
            : scheduling.nodeSelector();
    List<Toleration> tolerations =
        scheduling == null || scheduling.tolerations() == null
            ? List.of()
            : scheduling.tolerations().stream().map(PodPlacement::toleration).toList();
    List<LocalObjectReference> secrets =
        pullSecrets == null
            ? List.of()
            : pullSecrets.stream().map(ref -> new LocalObjectReference(ref.name())).toList();
    return new PodPlacement(selector, tolerations, secrets);
  }

  /** {@code template} with this placement; fields left empty stay unset. */
  public PodTemplateSpec place(PodTemplateSpec template) {
    PodSpec spec = template.getSpec();
    if (!nodeSelector.isEmpty()) {
      spec.setNodeSelector(nodeSelector);
    }
    if (!tolerations.isEmpty()) {
      spec.setTolerations(tolerations);
    }
    if (!imagePullSecrets.isEmpty()) {
      spec.setImagePullSecrets(imagePullSecrets);
    }
    return template;
  }

  private static Toleration toleration(TolerationSpec spec) {
    return new Toleration(
        spec.effect(), spec.key(), spec.operator(), spec.tolerationSeconds(), spec.value());
  }
}
