package dev.orderly.common.security;

import dev.orderly.common.config.Settings;
import dev.orderly.common.http.ProblemResponses;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * JWT authentication for a service's routes.
 *
 * <pre>{@code
 * Authentication auth = Authentication.create(settings);      // AUTH_ISSUER, AUTH_AUDIENCE (AUTH_JWKS_URL)
 * auth.register(routing);                                     // filter + 401/403 problem+json answers
 * ...
 * Principal caller = Authentication.principal(req);           // in a handler: 401 when unauthenticated
 * Authentication.requireRole(req, "admin");                   // 401, or 403 without the role
 * }</pre>
 *
 * <p>The filter validates a bearer token when one is sent (an invalid one is refused with 401 at
 * once) and keeps the {@link Principal} in the request's context. Requests without a token pass;
 * handlers that need a caller ask {@link #principal}. The error handler answers the {@link
 * AuthenticationProblem}s those calls throw, as problem+json with {@code WWW-Authenticate}.
 */
public final class Authentication {

  private final JwtValidator validator;

  public Authentication(JwtValidator validator) {
    this.validator = validator;
  }

  /** Authentication against the configured auth service ({@code auth.*}). */
  public static Authentication create(Settings settings) {
    return new Authentication(JwtValidator.create(settings));
  }

  /** The validator in use. */
  public JwtValidator validator() {
    return validator;
  }

  /**
   * Adds the authentication filter and the error handler for {@link AuthenticationProblem} to
   * {@code routing}: the one call a service needs.
   */
  public void register(HttpRouting.Builder routing) {
    routing.addFilter(filter());
    registerErrorHandler(routing);
  }

  /**
   * The filter: validates a bearer token when one is sent (401 at once when it is invalid) and
   * keeps the caller in the request's context. Requests without a token pass.
   */
  public Filter filter() {
    return (chain, req, res) -> {
      Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
      if (header.isPresent()) {
        try {
          attach(req, validator.validateAuthorization(header.get()));
        } catch (InvalidTokenException e) {
          send(res, AuthenticationProblem.unauthenticated(e.getMessage(), true));
          return;
        }
      }
      chain.proceed();
    };
  }

  /**
   * A handler for the routes of one path, where the routing has no {@link #filter()}: validates the
   * bearer token and lets only callers with {@code role} through (401 or 403 otherwise).
   */
  public Handler requiring(String role) {
    return (req, res) -> {
      String header =
          req.headers()
              .first(HeaderNames.AUTHORIZATION)
              .orElseThrow(
                  () ->
                      AuthenticationProblem.unauthenticated(
                          "a valid bearer token is required", false));
      try {
        attach(req, validator.validateAuthorization(header));
      } catch (InvalidTokenException e) {
        throw AuthenticationProblem.unauthenticated(e.getMessage(), true);
      }
      requireRole(req, role);
      res.next();
    };
  }

  /**
   * Answers the {@link AuthenticationProblem}s that {@link #principal} and {@link #requireRole}
   * throw.
   */
  public static void registerErrorHandler(HttpRouting.Builder routing) {
    routing.error(AuthenticationProblem.class, (req, res, e) -> send(res, e));
  }

  /**
   * Records {@code principal} as the request's authenticated caller (for filters that validate
   * tokens themselves).
   */
  public static void attach(ServerRequest request, Principal principal) {
    request.context().register(new Authenticated(principal));
  }

  /** The authenticated caller, if the request carried a valid token. */
  public static Optional<Principal> current(ServerRequest request) {
    return request.context().get(Authenticated.class).map(Authenticated::principal);
  }

  /** The authenticated caller; throws a 401 problem when there is none. */
  public static Principal principal(ServerRequest request) {
    return current(request)
        .orElseThrow(
            () -> AuthenticationProblem.unauthenticated("a valid bearer token is required", false));
  }

  /** The authenticated caller holding {@code role}; throws a 401 or 403 problem otherwise. */
  public static Principal requireRole(ServerRequest request, String role) {
    Principal principal = principal(request);
    if (!principal.hasRole(role)) {
      throw AuthenticationProblem.forbidden("this operation needs the '" + role + "' role");
    }
    return principal;
  }

  /** Writes {@code problem} with its challenge. */
  public static void send(ServerResponse response, AuthenticationProblem problem) {
    response.header(HeaderNames.WWW_AUTHENTICATE, problem.challenge());
    ProblemResponses.send(response, problem.problem());
  }

  /** Context key holding the caller; private so nothing else can register one. */
  private record Authenticated(Principal principal) {}
}
