package dev.orderly.auth;

import dev.orderly.common.http.Json;
import dev.orderly.common.http.Problem;
import dev.orderly.common.http.ProblemException;
import dev.orderly.common.http.ProblemResponses;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /auth/token}: username and password for an access token.
 *
 * <p>A failure never tells whether the user exists: the same answer, and a password hash is
 * computed either way (against a dummy hash for unknown users) so the timing is the same too.
 * Failures are counted per username and per client address ({@link LoginThrottle}).
 */
public final class TokenHttpService implements HttpService {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final TokenIssuer issuer;
    private final LoginThrottle throttle;
    private final boolean trustForwarded;
    private final String dummyHash;

    public TokenHttpService(UserRepository users, PasswordHasher hasher, TokenIssuer issuer, LoginThrottle throttle,
                            boolean trustForwarded) {
        this.users = users;
        this.hasher = hasher;
        this.issuer = issuer;
        this.throttle = throttle;
        this.trustForwarded = trustForwarded;
        this.dummyHash = hasher.hash(UUID.randomUUID().toString());
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::token);
    }

    private void token(ServerRequest req, ServerResponse res) {
        Credentials credentials = Json.read(req, Credentials.class).requireBoth();
        String username = credentials.normalizedUsername();
        String client = ClientAddress.of(req, trustForwarded);
        Optional<Duration> blocked = throttle.blockedFor(username, client);
        if (blocked.isPresent()) {
            outcome("throttled");
            long seconds = Math.max(1, (blocked.get().toMillis() + 999) / 1000);
            res.header(HeaderNames.RETRY_AFTER, Long.toString(seconds));
            ProblemResponses.send(res, Problem.of("too-many-attempts", "Too many attempts", 429,
                    "too many failed logins; try again in " + seconds + " s"));
            return;
        }
        Optional<User> user = users.findByUsername(username);
        boolean valid = hasher.verify(credentials.password(), user.map(User::passwordHash).orElse(dummyHash));
        if (user.isEmpty() || !valid) {
            throttle.failed(username, client);
            outcome("rejected");
            throw new ProblemException(Problem.of("invalid-credentials", "Invalid credentials", 401,
                    "invalid username or password"));
        }
        throttle.succeeded(username);
        outcome("issued");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issuer.issue(user.get()));
        body.put("token_type", "Bearer");
        body.put("expires_in", issuer.ttl().toSeconds());
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.PRAGMA, "no-cache");
        Json.send(res, Status.OK_200, body);
    }

    private static void outcome(String outcome) {
        Metrics.globalRegistry().getOrCreate(Counter.builder("orderly_auth_token_requests_total")
                .tags(Metrics.tags("outcome", outcome))).increment();
    }
}
