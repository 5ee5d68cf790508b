package dev.orderly.gateway;

import dev.orderly.common.http.Problem;
import dev.orderly.common.http.ProblemResponses;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/** Security headers on every answer, and CORS: preflights answered here, allowed origins echoed. */
final class EdgeFilter implements Filter {

  private final CorsPolicy cors;
  private final TrustedProxies trustedProxies;

  EdgeFilter(CorsPolicy cors, TrustedProxies trustedProxies) {
    this.cors = cors;
    this.trustedProxies = trustedProxies;
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    SecurityHeaders.forPath(req.path().rawPath(), trustedProxies.isSecure(req))
        .forEach((name, value) -> res.header(HeaderNames.create(name), value));

    String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
    if (origin == null) {
      chain.proceed();
      return;
    }
    var allowed = cors.allowOrigin(origin);
    boolean preflight =
        req.prologue().method() == Method.OPTIONS
            && req.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    res.header(HeaderNames.VARY, "Origin");
    if (preflight) {
      String method = req.headers().first(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD).orElse("");
      if (allowed.isEmpty() || !cors.allowsMethod(method)) {
        ProblemResponses.send(
            res,
            Problem.of(
                "cors-rejected",
                "CORS request rejected",
                403,
                "origin " + origin + " may not call this API with " + method));
        return;
      }
      res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowed.get())
          .header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, CorsPolicy.ALLOW_METHODS)
          .header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, CorsPolicy.ALLOW_HEADERS)
          .header(HeaderNames.ACCESS_CONTROL_MAX_AGE, CorsPolicy.MAX_AGE)
          .status(Status.NO_CONTENT_204)
          .send();
      return;
    }
    allowed.ifPresent(
        o ->
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, o)
                .header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, CorsPolicy.EXPOSE_HEADERS));
    chain.proceed();
  }
}
