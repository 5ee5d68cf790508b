package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** The inventory service section of the spec: a fixed replica count or backlog autoscaling. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.replicas) && has(self.autoscaling))",
    message = "set either replicas or autoscaling, not both")
@JsonIgnoreProperties(ignoreUnknown = true)
public record InventorySpec(
    @Min(0)
        @Max(100)
        @JsonPropertyDescription(
            "Fixed number of inventory pods; mutually exclusive with autoscaling. Default 1.")
        Integer replicas,
    @JsonPropertyDescription(
            "Scales inventory between minReplicas and maxReplicas on its queue backlog.")
        AutoscalingSpec autoscaling,
    @JsonPropertyDescription(ResourcesSpec.DESCRIPTION) ResourcesSpec resources,
    @JsonPropertyDescription(ResourcesSpec.JAVA_OPTIONS_DESCRIPTION) String javaOptions) {}
