package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** A toleration of the platform's pods, as in a Pod spec. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TolerationSpec(
    @JsonPropertyDescription(
            "The taint key tolerated; empty with operator Exists tolerates every taint.")
        String key,
    @Pattern("^(Exists|Equal)$")
        @JsonPropertyDescription("Exists or Equal (the default): whether the value must match.")
        String operator,
    @JsonPropertyDescription("The taint value tolerated, with operator Equal.") String value,
    @Pattern("^(NoSchedule|PreferNoSchedule|NoExecute)$")
        @JsonPropertyDescription(
            "The taint effect tolerated: NoSchedule, PreferNoSchedule or NoExecute; empty for all.")
        String effect,
    @JsonPropertyDescription(
            "With effect NoExecute: seconds the pod stays bound after the taint appears.")
        Long tolerationSeconds) {}
