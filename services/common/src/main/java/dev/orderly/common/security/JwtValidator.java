package dev.orderly.common.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.orderly.common.config.Settings;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates RS256 access tokens issued by the auth service.
 *
 * <p>Verification keys come from the auth service's JWKS: fetched on first use, refreshed after
 * {@link JwtSettings#jwksRefreshInterval()}, and fetched again at once when a token names an unknown
 * {@code kid} (a key rotation), but at most once per {@link JwtSettings#jwksMinRefetchInterval()} so
 * tokens with made-up key ids cannot make this service hammer the auth service. When a refresh fails
 * the keys already known are kept.
 *
 * <p>Only {@code RS256} is accepted: {@code alg: none}, HMAC algorithms (the classic "sign with the
 * public key" attack) and everything else are refused before any key is looked at. {@code iss} must
 * equal, and {@code aud} must contain, the configured values; {@code exp} is required; {@code exp}
 * and {@code nbf} are checked with the configured clock skew. Thread-safe.
 *
 * <p>A token whose signature was verified is remembered (by its exact text, for at most
 * {@link #VERIFIED_TTL}), so a client's next requests with it skip the RSA verification: the
 * gateway and each service see the same token on every request. A remembered token is still
 * checked against the clock ({@code exp}, {@code nbf}) and against the current keys, so it stops
 * being accepted when it expires or when its key leaves the JWKS.
 */
public final class JwtValidator {

    private static final Logger LOG = LoggerFactory.getLogger(JwtValidator.class);

    /** How long a verified token is remembered; its own expiry still applies. */
    static final Duration VERIFIED_TTL = Duration.ofMinutes(5);

    private final JwtSettings settings;
    private final JwksSource source;
    private final Clock clock;
    private final ReentrantLock fetchLock = new ReentrantLock();
    private volatile KeyRing keys = new KeyRing(Map.of(), Instant.EPOCH);
    private volatile Instant lastFetchAttempt = Instant.EPOCH;
    private final Cache<String, Verified> verified;

    public JwtValidator(JwtSettings settings, JwksSource source, Clock clock) {
        this.settings = settings;
        this.source = source;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(4_096).expireAfterWrite(VERIFIED_TTL)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /** A validator for the configured JWKS URL, issuer and audience ({@code auth.*}). */
    public static JwtValidator create(Settings settings) {
        JwtSettings jwt = JwtSettings.from(settings);
        return new JwtValidator(jwt, JwksSource.http(jwt.jwksUrl()), Clock.systemUTC());
    }

    /**
     * Validates an {@code Authorization} header value ({@code Bearer <token>}).
     *
     * @throws InvalidTokenException when the header is not a bearer token or the token is not valid
     */
    public Principal validateAuthorization(String authorizationHeader) throws InvalidTokenException {
        String token = bearerToken(authorizationHeader);
        if (token == null) {
            throw new InvalidTokenException("the Authorization header must be 'Bearer <token>'");
        }
        return validate(token);
    }

    /** The token of a {@code Bearer} authorization header, or null when it is not one. */
    public static String bearerToken(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() < 8
                || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorizationHeader.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    /**
     * Validates a compact serialized access token.
     *
     * @return the caller it names
     * @throws InvalidTokenException naming the reason, fit to show the caller
     */
    public Principal validate(String token) throws InvalidTokenException {
        if (token.length() > 8192) {
            throw new InvalidTokenException("token too long");
        }
        Verified known = verified.getIfPresent(token);
        if (known != null && isCurrent(known.kid())) {
            checkTimes(known.expiresAt(), known.notBefore());
            return known.principal();
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed token");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidTokenException("unsupported algorithm " + jwt.getHeader().getAlgorithm());
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null || kid.isBlank()) {
            throw new InvalidTokenException("token has no key id");
        }
        JWSVerifier verifier = verifier(kid);
        try {
            if (!jwt.verify(verifier)) {
                throw new InvalidTokenException("invalid signature");
            }
        } catch (JOSEException e) {
            throw new InvalidTokenException("invalid signature", e);
        }
        try {
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Principal principal = checkClaims(claims);
            verified.put(token, new Verified(principal, kid, claims.getExpirationTime().toInstant(),
                    claims.getNotBeforeTime() == null ? null : claims.getNotBeforeTime().toInstant()));
            return principal;
        } catch (ParseException e) {
            throw new InvalidTokenException("malformed claims");
        }
    }

    private Principal checkClaims(JWTClaimsSet claims) throws InvalidTokenException, ParseException {
        if (!settings.issuer().equals(claims.getIssuer())) {
            throw new InvalidTokenException("wrong issuer");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(settings.audience())) {
            throw new InvalidTokenException("wrong audience");
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new InvalidTokenException("token has no expiry");
        }
        Date nbf = claims.getNotBeforeTime();
        checkTimes(exp.toInstant(), nbf == null ? null : nbf.toInstant());
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new InvalidTokenException("token has no subject");
        }
        List<String> roles = claims.getStringListClaim("roles");
        String username = claims.getStringClaim("preferred_username");
        return new Principal(subject, username == null ? subject : username, roles == null ? Set.of() : Set.copyOf(roles));
    }

    private void checkTimes(Instant expiresAt, Instant notBefore) throws InvalidTokenException {
        Instant now = clock.instant();
        if (!expiresAt.plus(settings.clockSkew()).isAfter(now)) {
            throw new InvalidTokenException("token expired");
        }
        if (notBefore != null && notBefore.minus(settings.clockSkew()).isAfter(now)) {
            throw new InvalidTokenException("token not yet valid");
        }
    }

    /** True when {@code kid} is in a key ring that is not due for a refresh. */
    private boolean isCurrent(String kid) {
        KeyRing ring = keys;
        return ring.verifiers().containsKey(kid)
                && !ring.isStale(clock.instant(), settings.jwksRefreshInterval());
    }

    private JWSVerifier verifier(String kid) throws InvalidTokenException {
        KeyRing ring = keys;
        Instant now = clock.instant();
        JWSVerifier verifier = ring.verifiers().get(kid);
        boolean stale = ring.isStale(now, settings.jwksRefreshInterval());
        if (verifier != null && !stale) {
            return verifier;
        }
        ring = refresh(kid, stale);
        verifier = ring.verifiers().get(kid);
        if (verifier == null) {
            throw new InvalidTokenException("unknown signing key");
        }
        return verifier;
    }

    /** Fetches the keys unless another thread just did or a fetch happened too recently. */
    private KeyRing refresh(String kid, boolean stale) {
        fetchLock.lock();
        try {
            KeyRing current = keys;
            Instant now = clock.instant();
            if (current.verifiers().containsKey(kid) && !current.isStale(now, settings.jwksRefreshInterval())) {
                return current;
            }
            if (lastFetchAttempt.plus(settings.jwksMinRefetchInterval()).isAfter(now)) {
                return current;
            }
            lastFetchAttempt = now;
            try {
                KeyRing fetched = KeyRing.of(source.fetch(), now);
                keys = fetched;
                LOG.info("fetched {} verification key(s) from the JWKS ({})", fetched.verifiers().size(),
                        stale ? "refresh" : "unknown key id");
                return fetched;
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot fetch the JWKS: {}; keeping {} known key(s)", e.toString(),
                        current.verifiers().size());
                return current;
            }
        } finally {
            fetchLock.unlock();
        }
    }

    /** A token that passed every check, and what must be checked again on each use. */
    private record Verified(Principal principal, String kid, Instant expiresAt, Instant notBefore) {
    }

    /** The usable RS256 verification keys by key id, and when they were fetched. */
    private record KeyRing(Map<String, JWSVerifier> verifiers, Instant fetchedAt) {

        /** True when the keys are older than {@code refreshInterval} and due for a refetch. */
        boolean isStale(Instant now, Duration refreshInterval) {
            return fetchedAt.plus(refreshInterval).isBefore(now);
        }

        static KeyRing of(JWKSet set, Instant fetchedAt) {
            Map<String, JWSVerifier> verifiers = new HashMap<>();
            for (JWK jwk : set.getKeys()) {
                if (!(jwk instanceof RSAKey rsa) || jwk.getKeyID() == null) {
                    continue;
                }
                if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
                    continue;
                }
                if (jwk.getAlgorithm() != null && !JWSAlgorithm.RS256.equals(jwk.getAlgorithm())) {
                    continue;
                }
                try {
                    verifiers.put(jwk.getKeyID(), new RSASSAVerifier(rsa.toRSAPublicKey()));
                } catch (JOSEException e) {
                    LOG.warn("skipping unusable JWK {}: {}", jwk.getKeyID(), e.getMessage());
                }
            }
            return new KeyRing(Map.copyOf(verifiers), fetchedAt);
        }
    }
}
