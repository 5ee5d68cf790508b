package dev.orderly.common.messaging;

import dev.orderly.common.observability.Tracing;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.util.Map;

/**
 * A message to publish on the events exchange.
 *
 * @param messageId unique id, kept across retries so consumers can deduplicate
 * @param routingKey routing key (event type)
 * @param body JSON body
 * @param correlationId correlation id of the business flow
 * @param traceparent W3C trace parent: the span that wrote the message, or, once publishing, the
 *     publish span; null when there was none
 * @param tracestate W3C trace state that goes with it, may be null
 */
public record OutboundMessage(
    String messageId,
    String routingKey,
    byte[] body,
    String correlationId,
    String traceparent,
    String tracestate) {

  /** A message whose trace parent is {@code span} (none when it is invalid). */
  public static OutboundMessage of(
      String messageId, String routingKey, byte[] body, String correlationId, SpanContext span) {
    Map<String, String> headers = Tracing.headers(span);
    return new OutboundMessage(
        messageId,
        routingKey,
        body,
        correlationId,
        headers.get(Tracing.TRACEPARENT),
        headers.get(Tracing.TRACESTATE));
  }

  /** The context of the span {@link #traceparent} names (the root context when none). */
  public Context traceContext() {
    return Tracing.extract(traceparent, tracestate);
  }

  /** This message with {@code span} as its trace parent. */
  public OutboundMessage tracedBy(SpanContext span) {
    return of(messageId, routingKey, body, correlationId, span);
  }
}
