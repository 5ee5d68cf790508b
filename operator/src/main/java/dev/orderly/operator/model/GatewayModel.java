package dev.orderly.operator.model;

import static dev.orderly.operator.model.Component.AUTH;
import static dev.orderly.operator.model.Component.GATEWAY;
import static dev.orderly.operator.model.Component.INVENTORY;
import static dev.orderly.operator.model.Component.ORDERS;

import dev.orderly.operator.api.v1alpha1.GatewaySpec;
import dev.orderly.operator.api.v1alpha1.IngressSpec;
import dev.orderly.operator.api.v1alpha1.RateLimitSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The API gateway: the only component reachable from outside the platform. */
public final class GatewayModel extends ServiceModel {

  public static final int DEFAULT_REPLICAS = 2;
  public static final int DEFAULT_REQUESTS_PER_SECOND = 50;
  public static final int DEFAULT_BURST = 100;

  /** The private and shared address ranges pod networks are carved from. */
  public static final List<String> DEFAULT_TRUSTED_PROXIES =
      List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7");

  private static final Pattern CIDR = Pattern.compile("^[0-9a-fA-F.:]+/[0-9]{1,3}$");

  private final List<String> trustedProxies;
  private final int requestsPerSecond;
  private final int burst;

  private GatewayModel(
      PlatformIdentity platform,
      String registry,
      String version,
      int replicas,
      ServiceContainer container,
      int requestsPerSecond,
      int burst,
      List<String> trustedProxies) {
    super(platform, GATEWAY, registry, version, replicas, null, container);
    this.requestsPerSecond = requestsPerSecond;
    this.burst = burst;
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * Validates and defaults the {@code gateway} section; {@code ingress} (null without one) says
   * whose forwarded headers the gateway believes.
   */
  public static GatewayModel fromSpec(
      PlatformIdentity platform,
      GatewaySpec spec,
      String registry,
      String version,
      IngressSpec ingress) {
    GatewaySpec section = spec == null ? new GatewaySpec(null, null, null, null) : spec;
    int replicas = Replicas.orDefault(section.replicas(), DEFAULT_REPLICAS, "gateway.replicas");
    RateLimitSpec rateLimit =
        section.rateLimit() == null ? new RateLimitSpec(null, null) : section.rateLimit();
    int rate =
        positive(
            rateLimit.requestsPerSecond(),
            DEFAULT_REQUESTS_PER_SECOND,
            "gateway.rateLimit.requestsPerSecond");
    int burst = positive(rateLimit.burst(), DEFAULT_BURST, "gateway.rateLimit.burst");
    var container =
        ServiceContainer.fromSpec("gateway", section.resources(), section.javaOptions());
    return new GatewayModel(
        platform, registry, version, replicas, container, rate, burst, trustedProxies(ingress));
  }

  /**
   * The networks whose X-Forwarded-* headers the gateway believes: the Ingress controller's, none
   * without an Ingress.
   */
  public List<String> trustedProxies() {
    return trustedProxies;
  }

  private static List<String> trustedProxies(IngressSpec ingress) {
    if (ingress == null) {
      return List.of();
    }
    List<String> cidrs =
        ingress.trustedProxies() == null ? DEFAULT_TRUSTED_PROXIES : ingress.trustedProxies();
    for (String cidr : cidrs) {
      if (!CIDR.matcher(cidr).matches()) {
        throw new InvalidSpecException(
            "ingress.trustedProxies", "must be CIDRs such as 10.0.0.0/8, got " + cidr);
      }
    }
    return cidrs;
  }

  public int requestsPerSecond() {
    return requestsPerSecond;
  }

  public int burst() {
    return burst;
  }

  @Override
  protected List<EnvVar> serviceEnvironment() {
    String platform = platform().name();
    List<EnvVar> env =
        new ArrayList<>(
            List.of(
                EnvVars.value("GATEWAY_UPSTREAMS_AUTH", ServiceModel.url(platform, AUTH)),
                EnvVars.value("GATEWAY_UPSTREAMS_ORDERS", ServiceModel.url(platform, ORDERS)),
                EnvVars.value("GATEWAY_UPSTREAMS_INVENTORY", ServiceModel.url(platform, INVENTORY)),
                EnvVars.value(
                    "GATEWAY_RATELIMIT_REQUESTSPERSECOND", String.valueOf(requestsPerSecond)),
                EnvVars.value("GATEWAY_RATELIMIT_BURST", String.valueOf(burst)),
                EnvVars.value("AUTH_JWKS_URL", AuthModel.jwksUrl(platform))));
    // Behind the Ingress the peer is its controller; without one, no peer speaks for a client.
    if (!trustedProxies.isEmpty()) {
      env.add(EnvVars.value("GATEWAY_TRUSTED_PROXIES", String.join(",", trustedProxies)));
    }
    return env;
  }

  @Override
  protected NetworkPolicyIngressRule ingressRule() {
    // Ingress controllers and clients live outside the platform, often in other namespaces.
    return NetworkPolicies.fromAnywhere(HTTP_PORT);
  }

  @Override
  protected List<NetworkPolicyEgressRule> egressRules() {
    String platform = platform().name();
    return List.of(
        NetworkPolicies.toComponent(platform, AUTH, HTTP_PORT),
        NetworkPolicies.toComponent(platform, ORDERS, HTTP_PORT),
        NetworkPolicies.toComponent(platform, INVENTORY, HTTP_PORT));
  }

  private static int positive(Integer requested, int defaultValue, String field) {
    int value = requested == null ? defaultValue : requested;
    if (value < 1) {
      throw new InvalidSpecException(field, "must be at least 1, got " + value);
    }
    return value;
  }
}
