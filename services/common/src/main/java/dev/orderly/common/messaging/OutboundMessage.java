package dev.orderly.common.messaging;

/**
 * A message to publish on the events exchange.
 *
 * @param messageId unique id, kept across retries so consumers can deduplicate
 * @param routingKey routing key (event type)
 * @param body JSON body
 * @param correlationId correlation id of the business flow
 * @param traceparent W3C trace parent
 */
public record OutboundMessage(
    String messageId, String routingKey, byte[] body, String correlationId, String traceparent) {}
