package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A saga service's messaging as the operator last read it: its queue and dead-letter queue from the
 * platform's own broker, its outbox from the metrics of one of its ready pods.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueStatus(
    @JsonPropertyDescription("The queue the service consumes.") String queue,
    @JsonPropertyDescription("Messages waiting or in flight (ready plus unacknowledged).")
        Long backlog,
    @JsonPropertyDescription("Consumers attached.") Integer consumers,
    @JsonPropertyDescription(
            "Messages dead-lettered to <queue>.dlq and not replayed yet; see GET /admin/dead-letters on the service.")
        Long deadLetters,
    @JsonPropertyDescription(
            "Events the service wrote with their transaction and the broker has not confirmed yet.")
        Long outboxBacklog,
    @JsonPropertyDescription(
            "Age in seconds of the oldest of them; growing past a minute means the service cannot publish.")
        Long outboxOldestAgeSeconds,
    @JsonPropertyDescription("What could not be read, when something could not.") String message) {}
