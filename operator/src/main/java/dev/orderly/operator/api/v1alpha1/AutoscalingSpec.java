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

/** Backlog-driven autoscaling bounds for a message consumer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.maxReplicas >= self.minReplicas",
    message = "maxReplicas must be greater than or equal to minReplicas",
    fieldPath = ".maxReplicas")
@JsonIgnoreProperties(ignoreUnknown = true)
public record AutoscalingSpec(
    @Min(1) @Max(100) @Default("1") @JsonPropertyDescription("Fewest pods kept running. Default 1.")
        Integer minReplicas,
    @Min(1)
        @Max(100)
        @Default("5")
        @JsonPropertyDescription(
            "Most pods the backlog may scale to; at least minReplicas. Default 5.")
        Integer maxReplicas,
    @Min(1)
        @Max(1000000)
        @Default("100")
        @JsonPropertyDescription(
            "Messages in the consumer's queue (ready and unacknowledged) that one pod is expected to absorb. Default 100.")
        Integer targetBacklogPerReplica,
    @Pattern(Durations.PATTERN)
        @Default("60s")
        @JsonPropertyDescription(
            "How long the backlog must have fitted fewer pods, and be drained, before scaling down. Default 60s.")
        String scaleDownStabilization,
    @Default("Operator")
        @JsonPropertyDescription(
            "Operator: the operator scales on the backlog. Keda: the operator writes a KEDA ScaledObject (rabbitmq trigger, same queue, bounds and target) where KEDA is installed, and KEDA scales. External: an HPA or KEDA set up by you owns the replicas. With Keda and External the operator never writes the replicas. Default Operator.")
        Scaler scaler) {}
