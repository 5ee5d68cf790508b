package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A consumer's queue and its dead-letter queue, as the operator last read them from the broker. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueueStatus(
    @JsonPropertyDescription("The queue the service consumes.") String queue,
    @JsonPropertyDescription("Messages waiting or in flight (ready plus unacknowledged).") Long backlog,
    @JsonPropertyDescription("Consumers attached.") Integer consumers,
    @JsonPropertyDescription("Messages dead-lettered to <queue>.dlq and not replayed yet; see GET /admin/dead-letters on the service.")
        Long deadLetters,
    @JsonPropertyDescription("Why the queues could not be read, when they could not.") String message) {}
