package dev.orderly.operator.model;

import dev.orderly.operator.api.v1alpha1.ResourcesSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A service container's resources and JVM options, validated: the spec's requests and limits over
 * the defaults, key by key.
 *
 * @param resources requests and limits
 * @param javaOptions JDK_JAVA_OPTIONS replacing the image's, or empty to keep the image's
 */
public record ServiceContainer(ResourceRequirements resources, Optional<String> javaOptions) {

  /** Requests and limits of a service container whose spec sets none. */
  public static final ResourceRequirements DEFAULT_RESOURCES =
      Workloads.resources("100m", "256Mi", "1", "512Mi");

  /** The defaults: what a spec without resources or javaOptions gets. */
  public static final ServiceContainer DEFAULT =
      new ServiceContainer(DEFAULT_RESOURCES, Optional.empty());

  /**
   * The container of the spec section {@code section}.
   *
   * @throws InvalidSpecException naming a quantity that cannot be parsed or a request above its
   *     limit
   */
  static ServiceContainer fromSpec(String section, ResourcesSpec resources, String javaOptions) {
    Map<String, Quantity> requests =
        merged(
            DEFAULT_RESOURCES.getRequests(),
            resources == null ? null : resources.requests(),
            section + ".resources.requests");
    Map<String, Quantity> limits =
        merged(
            DEFAULT_RESOURCES.getLimits(),
            resources == null ? null : resources.limits(),
            section + ".resources.limits");
    for (var request : requests.entrySet()) {
      Quantity limit = limits.get(request.getKey());
      if (limit != null && amount(request.getValue()).compareTo(amount(limit)) > 0) {
        throw new InvalidSpecException(
            section + ".resources.requests." + request.getKey(),
            "must not exceed the limit " + limit + ", got " + request.getValue());
      }
    }
    String options = javaOptions == null || javaOptions.isBlank() ? null : javaOptions.trim();
    return new ServiceContainer(
        new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build(),
        Optional.ofNullable(options));
  }

  private static Map<String, Quantity> merged(
      Map<String, Quantity> defaults, Map<String, Quantity> spec, String field) {
    Map<String, Quantity> merged = new LinkedHashMap<>(defaults);
    if (spec != null) {
      spec.forEach(
          (name, quantity) -> {
            try {
              amount(quantity);
            } catch (IllegalArgumentException | ArithmeticException e) {
              throw new InvalidSpecException(field + "." + name, "is not a quantity: " + quantity);
            }
            merged.put(name, quantity);
          });
    }
    return merged;
  }

  private static BigDecimal amount(Quantity quantity) {
    return Quantity.getAmountInBytes(Quantity.parse(quantity.toString()));
  }
}
