package dev.orderly.common.inbox;

import dev.orderly.common.observability.RequestContext;
import dev.orderly.common.observability.TraceContext;
import dev.orderly.contracts.SagaEvent;

/**
 * A decoded saga event with the identity and context it arrived with.
 *
 * @param event the event
 * @param messageId the message id it was published with
 * @param correlationId correlation id to carry on
 * @param trace trace position of the publisher
 */
public record IncomingEvent(
    SagaEvent event, String messageId, String correlationId, TraceContext trace) {

  /** Makes this event's correlation id and trace current (for logs) until the scope closes. */
  public RequestContext.Scope openContext() {
    return RequestContext.open(correlationId, trace);
  }
}
