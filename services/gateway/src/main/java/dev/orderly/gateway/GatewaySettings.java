package dev.orderly.gateway;

import dev.orderly.common.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway's configuration ({@code gateway.*}).
 *
 * @param upstreams base URL per upstream name ({@code auth}, {@code orders}, {@code inventory})
 * @param requestsPerSecond rate limit: tokens refilled per second per client
 * @param burst rate limit: bucket capacity per client
 * @param corsOrigins origins browsers may call from ({@code *} allows any; for development)
 * @param maxBodyBytes largest request body forwarded
 * @param upstreamTimeout per upstream call
 * @param circuit circuit breaker parameters
 * @param bulkheadLimit concurrent calls per upstream
 * @param bulkheadQueue calls waiting for a slot per upstream
 * @param retries extra attempts for idempotent requests
 * @param detailsTimeout per part of {@code GET /api/orders/{id}/details}
 * @param trustedProxies peers whose {@code X-Forwarded-For} and {@code -Proto} are believed (the
 *     ingress controller's)
 */
public record GatewaySettings(
    Map<String, URI> upstreams,
    long requestsPerSecond,
    long burst,
    List<String> corsOrigins,
    int maxBodyBytes,
    Duration upstreamTimeout,
    Circuit circuit,
    int bulkheadLimit,
    int bulkheadQueue,
    int retries,
    Duration detailsTimeout,
    TrustedProxies trustedProxies) {

  /** Upstream names. */
  public static final String AUTH = "auth";

  public static final String ORDERS = "orders";
  public static final String INVENTORY = "inventory";

  /**
   * Circuit breaker parameters.
   *
   * @param delay how long the circuit stays open before it lets a trial call through
   * @param volume calls in the rolling window
   * @param errorRatio percentage of failed calls in the window that opens the circuit
   */
  public record Circuit(Duration delay, int volume, int errorRatio) {}

  /** Reads {@code gateway.*}. */
  public static GatewaySettings from(Settings s) {
    Map<String, URI> upstreams = new LinkedHashMap<>();
    upstreams.put(AUTH, URI.create(s.string("gateway.upstreams.auth", "http://127.0.0.1:8083")));
    upstreams.put(
        ORDERS, URI.create(s.string("gateway.upstreams.orders", "http://127.0.0.1:8081")));
    upstreams.put(
        INVENTORY, URI.create(s.string("gateway.upstreams.inventory", "http://127.0.0.1:8082")));
    return new GatewaySettings(
        upstreams,
        s.integer("gateway.ratelimit.requestspersecond", 50),
        s.integer("gateway.ratelimit.burst", 100),
        Arrays.stream(s.string("gateway.cors.origins", "").split(","))
            .map(String::trim)
            .filter(o -> !o.isEmpty())
            .toList(),
        s.integer("gateway.body.limit", 1024 * 1024),
        s.duration("gateway.upstream.timeout", "5s"),
        new Circuit(
            s.duration("gateway.circuit.delay", "5s"),
            s.integer("gateway.circuit.volume", 10),
            s.integer("gateway.circuit.ratio", 50)),
        s.integer("gateway.bulkhead.limit", 256),
        s.integer("gateway.bulkhead.queue", 1024),
        s.integer("gateway.retry.attempts", 2),
        s.duration("gateway.details.timeout", "2s"),
        TrustedProxies.parse(s.string("gateway.trusted.proxies", "")));
  }
}
