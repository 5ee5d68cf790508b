package dev.orderly.common.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.orderly.common.http.Json;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;

/**
 * The issuer's public keys as a Nimbus {@link JWKSource}: fetched from the configured JWKS URL or
 * from the {@code jwks_uri} of the issuer's authorization server metadata (RFC 8414, discovered on
 * first use, so a service may start before its issuer), cached for the refresh interval, fetched
 * again at once for an unknown key id but at most once per minimum interval, and kept while the
 * issuer cannot be reached.
 */
public final class IssuerKeys {

  /** Where the metadata lives, appended to the issuer (as OpenID Connect Discovery does). */
  public static final String METADATA_PATH = "/.well-known/oauth-authorization-server";

  private static final int CONNECT_TIMEOUT_MS = 2_000;
  private static final int READ_TIMEOUT_MS = 3_000;
  private static final int SIZE_LIMIT = 256 * 1024;
  private static final long REFRESH_AHEAD_MS = JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME;

  private IssuerKeys() {}

  /** The keys of {@code settings}' issuer. */
  public static JWKSource<SecurityContext> of(JwtSettings settings) {
    ResourceRetriever http =
        new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, SIZE_LIMIT);
    JWKSetSource<SecurityContext> source =
        settings
            .jwksUrl()
            .<JWKSetSource<SecurityContext>>map(url -> new URLBasedJWKSetSource<>(toUrl(url), http))
            .orElseGet(() -> new Discovered(settings.issuer(), http));
    return over(source, settings);
  }

  /** {@code source} with the caching, rate limiting and outage tolerance of {@link #of}. */
  public static JWKSource<SecurityContext> over(
      JWKSetSource<SecurityContext> source, JwtSettings settings) {
    long refresh = settings.jwksRefreshInterval().toMillis();
    return JWKSourceBuilder.create(source)
        .cache(refresh, READ_TIMEOUT_MS + CONNECT_TIMEOUT_MS)
        // Fetched in the background ahead of expiry, so no request waits for the JWKS, unless
        // the interval is too short for that.
        .refreshAheadCache(refresh > REFRESH_AHEAD_MS + READ_TIMEOUT_MS + CONNECT_TIMEOUT_MS)
        .rateLimited(settings.jwksMinRefetchInterval().toMillis())
        .outageTolerantForever()
        .build();
  }

  private static URL toUrl(URI uri) {
    try {
      return uri.toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + uri, e);
    }
  }

  /** The JWKS named by the issuer's metadata, looked up until it is once found. */
  private static final class Discovered implements JWKSetSource<SecurityContext> {

    private final String issuer;
    private final ResourceRetriever http;
    private volatile URLBasedJWKSetSource<SecurityContext> jwks;

    Discovered(String issuer, ResourceRetriever http) {
      this.issuer = issuer;
      this.http = http;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long now, SecurityContext context)
        throws KeySourceException {
      URLBasedJWKSetSource<SecurityContext> source = jwks;
      if (source == null) {
        source = new URLBasedJWKSetSource<>(jwksUri(), http);
        jwks = source;
      }
      return source.getJWKSet(refresh, now, context);
    }

    private URL jwksUri() throws JWKSetUnavailableException {
      URL metadata =
          toUrl(
              URI.create(
                  issuer.endsWith("/")
                      ? issuer + METADATA_PATH.substring(1)
                      : issuer + METADATA_PATH));
      JsonNode document;
      try {
        document = Json.mapper().readTree(http.retrieveResource(metadata).getContent());
      } catch (IOException e) {
        throw new JWKSetUnavailableException(
            "cannot read the issuer's metadata at " + metadata + ": " + e, e);
      }
      // RFC 8414 section 3.3: metadata that names another issuer must not be used.
      if (!issuer.equals(document.path("issuer").asText())) {
        throw new JWKSetUnavailableException(
            "the metadata at "
                + metadata
                + " names issuer '"
                + document.path("issuer").asText()
                + "', not '"
                + issuer
                + "'",
            null);
      }
      String jwksUri = document.path("jwks_uri").asText("");
      if (jwksUri.isEmpty()) {
        throw new JWKSetUnavailableException(
            "the metadata at " + metadata + " names no jwks_uri", null);
      }
      try {
        return toUrl(URI.create(jwksUri));
      } catch (IllegalArgumentException e) {
        throw new JWKSetUnavailableException(
            "the metadata at " + metadata + " names an unusable jwks_uri", e);
      }
    }

    @Override
    public void close() throws IOException {
      URLBasedJWKSetSource<SecurityContext> source = jwks;
      if (source != null) {
        source.close();
      }
    }
  }
}
