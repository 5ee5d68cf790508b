package dev.orderly.common.security;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;

/** Where a {@link JwtValidator} gets the current public keys. */
@FunctionalInterface
public interface JwksSource {

    /** Fetches the key set now. */
    JWKSet fetch() throws IOException;

    /** The key set published at {@code url} (a JWKS document), fetched with a short timeout. */
    static JwksSource http(URI url) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return () -> {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3))
                    .header("Accept", "application/json").GET().build();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("JWKS " + url + " answered " + response.statusCode());
                }
                return JWKSet.parse(response.body());
            } catch (ParseException e) {
                throw new IOException("JWKS " + url + " is not a JWK set: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + url, e);
            }
        };
    }
}
