package dev.orderly.gateway;

import dev.orderly.common.http.RequestObservation;
import dev.orderly.common.observability.RequestContext;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Which headers cross the gateway, each way. */
final class ForwardedRequests {

  /** Hop-by-hop headers (RFC 9110 7.6.1) and the ones the gateway sets itself. */
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "expect",
          "x-correlation-id",
          "traceparent",
          "tracestate",
          "forwarded",
          "x-forwarded-for",
          "x-forwarded-proto",
          "x-forwarded-host");

  /** Response headers the gateway does not copy back (it sets them itself). */
  private static final Set<String> NOT_RETURNED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "content-length",
          "x-correlation-id",
          "cache-control",
          "date",
          "server");

  private ForwardedRequests() {}

  /**
   * The headers to send upstream for {@code req}: its end-to-end headers plus correlation and
   * forwarding (the trace context is each attempt's own, {@link Upstream} adds it). The {@code
   * Authorization} header goes along: every service validates the token itself and takes the caller
   * from it.
   */
  static List<Header> upstreamHeaders(ServerRequest req, String clientAddress) {
    List<Header> headers = new ArrayList<>();
    for (Header h : req.headers()) {
      if (!NOT_FORWARDED.contains(h.name().toLowerCase(Locale.ROOT))) {
        headers.add(h);
      }
    }
    headers.add(
        HeaderValues.create(RequestObservation.CORRELATION_ID, RequestContext.correlationId()));
    headers.add(HeaderValues.create(HeaderNames.X_FORWARDED_FOR, clientAddress));
    headers.add(
        HeaderValues.create(
            HeaderNames.create("X-Forwarded-Proto"), req.isSecure() ? "https" : "http"));
    req.headers()
        .first(HeaderNames.HOST)
        .ifPresent(
            host -> headers.add(HeaderValues.create(HeaderNames.create("X-Forwarded-Host"), host)));
    return headers;
  }

  /** Whether an upstream response header is copied to the client. */
  static boolean returned(Header header) {
    return !NOT_RETURNED.contains(header.name().toLowerCase(Locale.ROOT));
  }
}
