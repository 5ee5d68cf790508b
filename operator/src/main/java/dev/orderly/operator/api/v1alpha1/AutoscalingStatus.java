package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The backlog scaler's last reading of one consumer's queue and what it decided. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutoscalingStatus(
    @JsonPropertyDescription("The queue the consumer reads.") String queue,
    @JsonPropertyDescription("Replicas the scaler decided.") Integer replicas,
    @JsonPropertyDescription(
            "Messages waiting or in flight (ready plus unacknowledged) at the last reading.")
        Long backlog,
    @JsonPropertyDescription("Consumers attached to the queue at the last reading.")
        Integer consumers,
    @JsonPropertyDescription(
            "Messages per second published to the queue, as RabbitMQ last measured it.")
        Double publishRate,
    @JsonPropertyDescription(
            "Messages per second the consumers acknowledged, as RabbitMQ last measured it.")
        Double consumeRate,
    @JsonPropertyDescription("When the replicas last changed (RFC 3339).") String lastScaleTime,
    @JsonPropertyDescription(
            "Why the scaler holds or moves the replicas, or why it cannot read the queue.")
        String message) {}
