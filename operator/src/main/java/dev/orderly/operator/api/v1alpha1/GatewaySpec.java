package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/** The API gateway section of the spec. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewaySpec(
    @Min(0)
        @Max(100)
        @Default("2")
        @SpecReplicas
        @JsonPropertyDescription(
            "Number of gateway pods (also set through the scale subresource). Default 2.")
        Integer replicas,
    @JsonPropertyDescription("Per-client rate limit applied by the gateway.")
        RateLimitSpec rateLimit,
    @JsonPropertyDescription(ResourcesSpec.DESCRIPTION) ResourcesSpec resources,
    @JsonPropertyDescription(ResourcesSpec.JAVA_OPTIONS_DESCRIPTION) String javaOptions) {}
