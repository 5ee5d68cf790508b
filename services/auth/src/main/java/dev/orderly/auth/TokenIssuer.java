package dev.orderly.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Mints RS256 access tokens (RFC 9068 style) for authenticated users. */
public final class TokenIssuer {

    private final SigningKeys keys;
    private final JWSSigner signer;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;

    public TokenIssuer(SigningKeys keys, String issuer, String audience, Duration ttl, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.audience = audience;
        this.ttl = ttl;
        this.clock = clock;
        try {
            this.signer = new RSASSASigner(keys.signing());
        } catch (JOSEException e) {
            throw new IllegalStateException("unusable signing key", e);
        }
    }

    /** Lifetime of the tokens. */
    public Duration ttl() {
        return ttl;
    }

    /** A signed access token for {@code user}. */
    public String issue(User user) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(user.id().toString())
                .claim("preferred_username", user.username())
                .claim("roles", user.roles())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(keys.signing().getKeyID())
                .type(new JOSEObjectType("at+jwt"))
                .build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }
}
