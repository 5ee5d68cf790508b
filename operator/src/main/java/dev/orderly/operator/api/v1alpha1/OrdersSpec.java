package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.orderly.contracts.Durations;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The orders service section of the spec: a fixed replica count or backlog autoscaling. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.replicas) && has(self.autoscaling))",
    message = "set either replicas or autoscaling, not both")
public record OrdersSpec(
    @Min(0)
        @Max(100)
        @JsonPropertyDescription(
            "Fixed number of orders pods; mutually exclusive with autoscaling. Default 2.")
        Integer replicas,
    @Pattern(Durations.PATTERN)
        @Default("30s")
        @JsonPropertyDescription(
            "A PENDING order older than this is cancelled with reason TIMEOUT: 500ms, 30s, 5m, 1h or ISO-8601 (PT30S). Default 30s.")
        String sagaTimeout,
    @JsonPropertyDescription(
            "Scales orders between minReplicas and maxReplicas on the backlog of its stock-events queue.")
        AutoscalingSpec autoscaling,
    @JsonPropertyDescription(ResourcesSpec.DESCRIPTION) ResourcesSpec resources,
    @JsonPropertyDescription(ResourcesSpec.JAVA_OPTIONS_DESCRIPTION) String javaOptions) {}
