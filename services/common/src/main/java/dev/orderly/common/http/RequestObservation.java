package dev.orderly.common.http;

import dev.orderly.common.observability.RequestContext;
import dev.orderly.common.observability.TraceContext;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every request a correlation id ({@code X-Correlation-ID}, generated when absent or
 * unusable) and a trace position ({@code traceparent}), echoes the correlation id, and makes both
 * current for logs and for the messages the request causes.
 */
public final class CorrelationFilter implements Filter {

  public static final HeaderName CORRELATION_ID = HeaderNames.create("X-Correlation-ID");
  public static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");
  private static final Pattern USABLE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    String correlationId =
        req.headers()
            .first(CORRELATION_ID)
            .filter(id -> USABLE_ID.matcher(id).matches())
            .orElseGet(() -> UUID.randomUUID().toString());
    TraceContext trace =
        TraceContext.fromTraceparent(req.headers().first(TRACEPARENT).orElse(null)).child();
    res.header(CORRELATION_ID, correlationId);
    try (RequestContext.Scope ignored = RequestContext.open(correlationId, trace)) {
      chain.proceed();
    }
  }
}
