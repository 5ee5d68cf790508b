package dev.orderly.auth;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.nio.charset.StandardCharsets;

/** {@code /.well-known/jwks.json}: the public keys that verify our tokens (RFC 7517). */
public final class JwksHttpService implements HttpService {

    private final byte[] jwks;

    public JwksHttpService(SigningKeys keys) {
        // toString() of a JWKSet publishes public keys only
        this.jwks = keys.jwks().toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/jwks.json", (req, res) -> res
                .header(HeaderNames.CONTENT_TYPE, "application/jwk-set+json")
                .header(HeaderNames.CACHE_CONTROL, "public, max-age=300")
                .send(jwks));
    }
}
