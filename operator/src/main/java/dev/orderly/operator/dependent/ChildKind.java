package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;

/**
 * The kind of a platform's child: a kind fabric8 has a model class for, or one another project's
 * CRD defines, handled as a generic resource.
 *
 * @param type the class the child is read into
 * @param foreign the group, version and kind of another project's CRD; null for fabric8's kinds
 */
public record ChildKind<R extends HasMetadata>(Class<R> type, GroupVersionKind foreign) {

  public ChildKind {
    if (foreign != null && type != GenericKubernetesResource.class) {
      throw new IllegalArgumentException("a foreign kind is read as a GenericKubernetesResource");
    }
  }

  /** A kind fabric8 has a model class for. */
  public static <R extends HasMetadata> ChildKind<R> of(Class<R> type) {
    return new ChildKind<>(type, null);
  }

  /** A kind another project's CRD defines. */
  public static ChildKind<GenericKubernetesResource> foreign(String apiVersion, String kind) {
    return new ChildKind<>(GenericKubernetesResource.class, new GroupVersionKind(apiVersion, kind));
  }

  /** Where the informer of a dependent of this kind starts from. */
  @SuppressWarnings("unchecked")
  InformerEventSourceConfiguration.Builder<R> informer() {
    if (foreign == null) {
      return InformerEventSourceConfiguration.from(type, OrderPlatform.class);
    }
    // The constructor made sure R is GenericKubernetesResource.
    return (InformerEventSourceConfiguration.Builder<R>)
        InformerEventSourceConfiguration.from(foreign, OrderPlatform.class);
  }
}
