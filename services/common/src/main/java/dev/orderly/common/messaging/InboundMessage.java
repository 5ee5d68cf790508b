package dev.orderly.common.messaging;

import java.util.Map;

/**
 * A delivery as the broker handed it over, before decoding.
 *
 * @param messageId the publisher's message id (deduplication key)
 * @param correlationId correlation id of the business flow
 * @param traceparent W3C trace parent, may be null
 * @param tracestate W3C trace state, may be null
 * @param routingKey routing key (event type)
 * @param body raw body
 * @param deliveryCount earlier failed deliveries of this message (0 on the first)
 * @param headers all AMQP headers
 */
public record InboundMessage(
    String messageId,
    String correlationId,
    String traceparent,
    String tracestate,
    String routingKey,
    byte[] body,
    long deliveryCount,
    Map<String, Object> headers) {}
