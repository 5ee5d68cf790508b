package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** A token-bucket rate limit per client. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RateLimitSpec(
    @Min(1)
        @Max(1000000)
        @Default("50")
        @JsonPropertyDescription("Sustained requests per second allowed per client. Default 50.")
        Integer requestsPerSecond,
    @Min(1)
        @Max(1000000)
        @Default("100")
        @JsonPropertyDescription(
            "Requests a client may send in a burst above the sustained rate. Default 100.")
        Integer burst) {}
