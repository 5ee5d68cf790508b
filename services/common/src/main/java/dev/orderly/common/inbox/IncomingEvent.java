package dev.orderly.common.inbox;

import dev.orderly.common.observability.RequestContext;
import dev.orderly.contracts.SagaEvent;
import io.opentelemetry.api.trace.SpanContext;

/**
 * A decoded saga event with the identity and context it arrived with.
 *
 * @param event the event
 * @param messageId the message id it was published with
 * @param correlationId correlation id to carry on
 * @param trace the span applying it: events it causes are its children
 */
public record IncomingEvent(
    SagaEvent event, String messageId, String correlationId, SpanContext trace) {

  /** Makes this event's correlation id and trace current (for logs) until the scope closes. */
  public RequestContext.Scope openContext() {
    return RequestContext.open(correlationId, trace);
  }
}
