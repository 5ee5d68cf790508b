package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** The auth service section of the spec. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuthSpec(
    @Min(0) @Max(100) @Default("1") @JsonPropertyDescription("Number of auth pods. Default 1.")
        Integer replicas,
    @JsonPropertyDescription(ResourcesSpec.DESCRIPTION) ResourcesSpec resources,
    @JsonPropertyDescription(ResourcesSpec.JAVA_OPTIONS_DESCRIPTION) String javaOptions) {}
