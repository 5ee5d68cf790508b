package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;
import java.util.Map;

/** Observed state of an OrderPlatform, written only by the operator. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderPlatformStatus(
    @JsonPropertyDescription("Pending, Provisioning, Running, Upgrading, Degraded or Failed.")
        Phase phase,
    @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
    @JsonPropertyDescription("URL clients reach the gateway at.") String endpoint,
    @JsonPropertyDescription(
            "Ready, Progressing, Degraded, DatabaseReady and BrokerReady, each with the generation it describes.")
        List<Condition> conditions,
    @JsonPropertyDescription(
            "Per component (gateway, auth, orders, inventory, rabbitmq, postgres): desired and ready pods, version.")
        Map<String, ComponentStatus> components,
    @JsonPropertyDescription(
            "Whether the Ingress was admitted by its controller, and its address; absent without spec.ingress.")
        IngressStatus ingress,
    @JsonPropertyDescription(
            "Per consumer (orders, inventory): its queue's backlog and consumers and its dead letters, read from the platform's own broker.")
        Map<String, QueueStatus> queues,
    @JsonPropertyDescription(
            "Per autoscaled component (orders, inventory): its queue's backlog and rates, and the scaler's decision.")
        Map<String, AutoscalingStatus> autoscaling,
    @StatusReplicas @JsonPropertyDescription("Ready gateway pods, for the scale subresource.")
        Integer replicas,
    @LabelSelector
        @JsonPropertyDescription("Label selector of the gateway pods, for the scale subresource.")
        String selector) {}
