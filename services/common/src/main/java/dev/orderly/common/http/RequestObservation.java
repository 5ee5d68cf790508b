package dev.orderly.common.http;

import dev.orderly.common.observability.RequestContext;
import dev.orderly.common.observability.ServiceMetrics;
import dev.orderly.common.observability.Tracing;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Observes every request: gives it a correlation id ({@code X-Correlation-ID}, generated when
 * absent or unusable, echoed in the response), a SERVER span that continues the caller's W3C trace
 * context, and its place in the route latency histogram. Both id and span are current for the logs,
 * the spans and the messages the request causes.
 */
public final class RequestObservation implements Filter {

  public static final HeaderName CORRELATION_ID = HeaderNames.create("X-Correlation-ID");
  private static final Pattern USABLE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  // The few header names the propagator reads (traceparent, tracestate), made once.
  private static final Map<String, HeaderName> PROPAGATED = new ConcurrentHashMap<>();

  private final OpenApiDocument routes;

  /** Names spans and histogram series after the paths of {@code routes}, the service's document. */
  public RequestObservation(OpenApiDocument routes) {
    this.routes = routes;
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    long started = System.nanoTime();
    String correlationId =
        req.headers()
            .first(CORRELATION_ID)
            .filter(id -> USABLE_ID.matcher(id).matches())
            .orElseGet(() -> UUID.randomUUID().toString());
    String method = req.prologue().method().text();
    String path = req.path().path();
    String route = routes.route(req.path());
    // http.route only for a documented path: an arbitrary path would make a series per URL.
    SpanBuilder builder =
        Tracing.tracer()
            .spanBuilder(route == null ? method : method + " " + route)
            .setSpanKind(SpanKind.SERVER)
            .setParent(
                Tracing.extract(
                    name ->
                        req.headers()
                            .first(PROPAGATED.computeIfAbsent(name, HeaderNames::create))
                            .orElse(null)))
            .setAttribute("http.request.method", method)
            .setAttribute("url.path", path);
    if (route != null) {
      builder.setAttribute("http.route", route);
    }
    Span span = builder.startSpan();
    res.header(CORRELATION_ID, correlationId);
    int status = 500;
    try (RequestContext.Scope ignored = RequestContext.open(correlationId, span)) {
      chain.proceed();
      status = res.status().code();
    } catch (RuntimeException e) {
      span.recordException(e);
      throw e;
    } finally {
      span.setAttribute("http.response.status_code", status);
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
      ServiceMetrics.serverRequest(
          method, route == null ? "other" : route, status, System.nanoTime() - started);
    }
  }
}
