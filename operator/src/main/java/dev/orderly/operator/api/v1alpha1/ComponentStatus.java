package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observed state of one component of the platform. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComponentStatus(
    @JsonPropertyDescription("Pods the operator asked for.") Integer desired,
    @JsonPropertyDescription("Pods ready to serve.") Integer ready,
    @JsonPropertyDescription("Version the component has fully rolled out.") String version,
    @JsonPropertyDescription(
            "True when the component is external and not deployed by the operator.")
        Boolean external,
    @JsonPropertyDescription("Why the component is not ready, e.g. a pod in CrashLoopBackOff.")
        String message) {}
