package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** The orders service section of the spec. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrdersSpec(
    @Min(0)
        @Max(100)
        @Default("2")
        @JsonPropertyDescription("Number of orders pods. Default 2.")
        Integer replicas,
    @Pattern(Durations.PATTERN)
        @Default("30s")
        @JsonPropertyDescription(
            "A PENDING order older than this is cancelled with reason TIMEOUT: 500ms, 30s, 5m, 1h or ISO-8601 (PT30S). Default 30s.")
        String sagaTimeout) {}
