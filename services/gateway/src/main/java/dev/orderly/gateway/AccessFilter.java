package dev.orderly.gateway;

import dev.orderly.common.http.Problem;
import dev.orderly.common.http.ProblemResponses;
import dev.orderly.common.security.Authentication;
import dev.orderly.common.security.AuthenticationProblem;
import dev.orderly.common.security.InvalidTokenException;
import dev.orderly.common.security.JwtValidator;
import dev.orderly.common.security.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Optional;

/**
 * For {@code /api/**}: authenticates the bearer token (required except on public routes), then
 * takes a token from the client's rate-limit bucket, the client being the token's subject or else
 * the remote address. Invalid tokens are rate-limited by address before they are refused, so floods
 * of bad tokens are throttled too. Every answer carries {@code RateLimit-*} headers.
 */
final class AccessFilter implements Filter {

  private final JwtValidator validator;
  private final RateLimiter limiter;
  private final TrustedProxies trustedProxies;
  private final Counter rateLimited;

  AccessFilter(JwtValidator validator, RateLimiter limiter, TrustedProxies trustedProxies) {
    this.validator = validator;
    this.limiter = limiter;
    this.trustedProxies = trustedProxies;
    this.rateLimited =
        Metrics.globalRegistry()
            .getOrCreate(
                Counter.builder("orderly_gateway_ratelimited_total")
                    .description("requests refused by the per-client rate limit"));
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    String path = req.path().rawPath();
    if (!RouteTable.isApi(path)) {
      chain.proceed();
      return;
    }
    Optional<String> authorization = req.headers().first(HeaderNames.AUTHORIZATION);
    Principal principal = null;
    String invalid = null;
    if (authorization.isPresent()) {
      try {
        principal = validator.validateAuthorization(authorization.get());
      } catch (InvalidTokenException e) {
        invalid = e.getMessage();
      }
    }
    String client =
        principal != null
            ? "sub:" + principal.subject()
            : "ip:" + trustedProxies.clientAddress(req);
    RateLimiter.Decision decision = limiter.tryAcquire(client);
    res.header(RateLimitHeaders.LIMIT, Long.toString(decision.limit()))
        .header(RateLimitHeaders.REMAINING, Long.toString(decision.remaining()))
        .header(RateLimitHeaders.RESET, Long.toString(decision.resetSeconds()));
    if (!decision.allowed()) {
      rateLimited.increment();
      res.header(HeaderNames.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
      ProblemResponses.send(
          res,
          Problem.of(
              "rate-limited",
              "Too many requests",
              429,
              "rate limit of "
                  + decision.limit()
                  + " requests exceeded; retry after "
                  + decision.retryAfterSeconds()
                  + " s"));
      return;
    }
    if (!RouteTable.isPublic(req.prologue().method().text(), path)) {
      if (invalid != null) {
        Authentication.send(res, AuthenticationProblem.unauthenticated(invalid, true));
        return;
      }
      if (principal == null) {
        Authentication.send(
            res, AuthenticationProblem.unauthenticated("a valid bearer token is required", false));
        return;
      }
    }
    if (principal != null) {
      Authentication.attach(req, principal);
    }
    chain.proceed();
  }
}
