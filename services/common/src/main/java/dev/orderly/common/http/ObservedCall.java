package dev.orderly.common.http;

import dev.orderly.common.observability.ServiceMetrics;
import dev.orderly.common.observability.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.net.http.HttpRequest;

/**
 * One HTTP call to another service, observed: a CLIENT span whose trace context the request
 * carries, and the call's time in {@code http_client_request_duration_seconds}. Closing ends both.
 */
public final class ObservedCall implements AutoCloseable {

  private final String upstream;
  private final String method;
  private final Span span;
  private final long started = System.nanoTime();
  private String status = "error";

  private ObservedCall(String upstream, String method, Span span) {
    this.upstream = upstream;
    this.method = method;
    this.span = span;
  }

  /**
   * Starts the call's span as a child of {@code parent} and writes its trace context into {@code
   * request}.
   *
   * @param upstream the service called, the histogram's {@code upstream} label
   */
  public static ObservedCall start(
      String upstream, String method, URI uri, Context parent, HttpRequest.Builder request) {
    Span span =
        Tracing.tracer()
            .spanBuilder(method)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent)
            .setAttribute("http.request.method", method)
            .setAttribute("server.address", uri.getHost())
            .setAttribute("server.port", uri.getPort())
            .setAttribute("url.full", uri.toString())
            .setAttribute("peer.service", upstream)
            .startSpan();
    Tracing.inject(span.getSpanContext(), request::header);
    return new ObservedCall(upstream, method, span);
  }

  /** The upstream answered with {@code code}; a 5xx marks the span failed. */
  public void answered(int code) {
    status = Integer.toString(code);
    span.setAttribute("http.response.status_code", code);
    if (code >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
  }

  /** No answer came. */
  public void failed(Throwable cause) {
    span.setStatus(StatusCode.ERROR, cause.toString());
  }

  @Override
  public void close() {
    span.end();
    ServiceMetrics.clientRequest(upstream, method, status, System.nanoTime() - started);
  }
}
