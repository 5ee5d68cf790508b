package dev.orderly.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standard {@code app.kubernetes.io/*} labels of one component of one platform.
 *
 * @param name the component ({@code orders}, {@code postgres}, ...)
 * @param instance the OrderPlatform's name
 * @param component the role the component plays ({@code service}, {@code database}, ...)
 * @param version the version of what runs, e.g. the image tag
 */
public record Labels(String name, String instance, String component, String version) {

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String VERSION = "app.kubernetes.io/version";

  public static final String PART_OF_VALUE = "orderly";
  public static final String MANAGED_BY_VALUE = "orderly-operator";

  /** Label selector matching everything this operator manages; its informers watch only that. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

  /** The labels of {@code component} in the platform {@code platformName}. */
  public static Labels of(Component component, String platformName, String version) {
    return new Labels(component.id(), platformName, component.role(), version);
  }

  /** All six labels, for metadata and pod templates. */
  public Map<String, String> toMap() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, name);
    labels.put(INSTANCE, instance);
    labels.put(COMPONENT, component);
    labels.put(PART_OF, PART_OF_VALUE);
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    if (version != null) {
      labels.put(VERSION, version);
    }
    return labels;
  }

  /**
   * The labels that identify the component's pods. Excludes the version, which changes during a
   * rollout, because a workload's selector is immutable.
   */
  public Map<String, String> selector() {
    return Map.of(NAME, name, INSTANCE, instance);
  }

  /**
   * Whether {@code resource} carries the name and instance labels {@code name} and {@code
   * instance}, as a selector would match it.
   */
  public static boolean isOf(HasMetadata resource, String name, String instance) {
    Map<String, String> labels = resource.getMetadata().getLabels();
    return labels != null
        && name != null
        && instance != null
        && name.equals(labels.get(NAME))
        && instance.equals(labels.get(INSTANCE));
  }

  /** The selector as a string, e.g. for the scale subresource. */
  public String selectorString() {
    return NAME + "=" + name + "," + INSTANCE + "=" + instance;
  }
}
