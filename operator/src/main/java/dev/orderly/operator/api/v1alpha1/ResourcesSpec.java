package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/** Requests and limits of a container, as in a Pod spec; each key set replaces the default's. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourcesSpec(
    @JsonPropertyDescription("What the scheduler reserves, e.g. cpu: 250m, memory: 256Mi.")
        Map<String, Quantity> requests,
    @JsonPropertyDescription("The most the container may use, e.g. cpu: '1', memory: 512Mi.")
        Map<String, Quantity> limits) {

  /** The description of every service section's {@code resources}. */
  public static final String DESCRIPTION =
      "Requests and limits of the container. Default: requests cpu 100m, memory 256Mi; limits cpu 1, memory 512Mi.";

  /** The description of every service section's {@code javaOptions}, which sits beside it. */
  public static final String JAVA_OPTIONS_DESCRIPTION =
      "JDK_JAVA_OPTIONS of the service; replaces the image's (-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
          + " -XX:-UsePerfData -Djava.io.tmpdir=/tmp), so repeat the ones to keep.";
}
