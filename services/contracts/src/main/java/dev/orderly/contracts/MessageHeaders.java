package dev.orderly.contracts;

/**
 * Names of the AMQP headers every saga message carries beside its message id and correlation id.
 */
public final class MessageHeaders {

  /** W3C Trace Context parent, so a trace crosses the broker. */
  public static final String TRACEPARENT = "traceparent";

  /** W3C Trace Context state, carried along with {@link #TRACEPARENT}. */
  public static final String TRACESTATE = "tracestate";

  /** Set by RabbitMQ quorum queues on redelivery: how many times the message was returned. */
  public static final String DELIVERY_COUNT = "x-delivery-count";

  private MessageHeaders() {}
}
