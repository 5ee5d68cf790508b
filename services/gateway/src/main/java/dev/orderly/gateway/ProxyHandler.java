package dev.orderly.gateway;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** Forwards {@code /api/**} to the upstream the {@link RouteTable} names. */
final class ProxyHandler implements Handler {

  private static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");

  private final Map<String, Upstream> upstreams;
  private final int maxBodyBytes;
  private final TrustedProxies trustedProxies;

  ProxyHandler(Map<String, Upstream> upstreams, int maxBodyBytes, TrustedProxies trustedProxies) {
    this.upstreams = upstreams;
    this.maxBodyBytes = maxBodyBytes;
    this.trustedProxies = trustedProxies;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    String rawPath = req.path().rawPath();
    Optional<RouteTable.Target> target = RouteTable.map(rawPath);
    if (target.isEmpty()) {
      GatewayProblems.notFound(res, rawPath);
      return;
    }
    Optional<byte[]> body = readBody(req);
    if (body.isEmpty()) {
      GatewayProblems.tooLarge(res, maxBodyBytes);
      return;
    }
    String method = req.prologue().method().text();
    String query = req.query().rawValue();
    String pathAndQuery = target.get().path() + (query.isEmpty() ? "" : "?" + query);
    UpstreamRequest request =
        new UpstreamRequest(
            method,
            pathAndQuery,
            ForwardedRequests.upstreamHeaders(req, trustedProxies.clientAddress(req)),
            body.get(),
            RetryPolicy.isRetryable(method, req.headers().contains(IDEMPOTENCY_KEY)));
    try {
      UpstreamResponse response = upstreams.get(target.get().upstream()).exchange(request);
      relay(res, response);
    } catch (UpstreamException e) {
      GatewayProblems.send(res, e);
    }
  }

  /** Writes an upstream's answer to the client. */
  static void relay(ServerResponse res, UpstreamResponse response) {
    res.status(Status.create(response.status()));
    for (Header h : response.headers()) {
      if (ForwardedRequests.returned(h)) {
        res.header(h);
      }
    }
    res.send(response.body());
  }

  /** The body, or empty when it is larger than the limit. */
  private Optional<byte[]> readBody(ServerRequest req) {
    long declared = req.headers().contentLength().orElse(-1L);
    if (declared > maxBodyBytes) {
      return Optional.empty();
    }
    if (!req.content().hasEntity()) {
      return Optional.of(new byte[0]);
    }
    try (InputStream in = req.content().inputStream()) {
      byte[] body = in.readNBytes(maxBodyBytes + 1);
      return body.length > maxBodyBytes ? Optional.empty() : Optional.of(body);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
