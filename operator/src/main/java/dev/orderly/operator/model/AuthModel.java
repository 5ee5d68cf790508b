package dev.orderly.operator.model;

import static dev.orderly.operator.model.Component.AUTH;
import static dev.orderly.operator.model.Component.GATEWAY;
import static dev.orderly.operator.model.Component.INVENTORY;
import static dev.orderly.operator.model.Component.ORDERS;

import dev.orderly.operator.api.v1alpha1.AuthSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The auth service: issues tokens, serves the JWKS every other service validates against. */
public final class AuthModel extends ServiceModel {

  public static final int DEFAULT_REPLICAS = 1;
  public static final String JWKS_PATH = "/.well-known/jwks.json";
  public static final String SIGNING_KEY_KEY = "signing-key";
  public static final String ADMIN_PASSWORD_KEY = "admin-password";

  private final PostgresModel postgres;

  private AuthModel(
      PlatformIdentity platform,
      String registry,
      String version,
      int replicas,
      ServiceContainer container,
      PostgresModel postgres) {
    super(platform, AUTH, registry, version, replicas, null, container);
    this.postgres = postgres;
  }

  /** Validates and defaults the {@code auth} section. */
  public static AuthModel fromSpec(
      PlatformIdentity platform,
      AuthSpec spec,
      String registry,
      String version,
      PostgresModel postgres) {
    AuthSpec section = spec == null ? new AuthSpec(null, null, null) : spec;
    int replicas = Replicas.orDefault(section.replicas(), DEFAULT_REPLICAS, "auth.replicas");
    var container = ServiceContainer.fromSpec("auth", section.resources(), section.javaOptions());
    return new AuthModel(platform, registry, version, replicas, container, postgres);
  }

  /**
   * URL of the JWKS inside the cluster, set as AUTH_JWKS_URL on every service that validates
   * tokens.
   */
  public static String jwksUrl(String platform) {
    return ServiceModel.url(platform, AUTH) + JWKS_PATH;
  }

  /**
   * The RSA signing key and the bootstrap admin password, generated once and never rotated by a
   * reconcile.
   */
  public Secret generateKeysSecret(SecretValues values) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(SIGNING_KEY_KEY, values.rsaPrivateKeyPem());
    keys.put(ADMIN_PASSWORD_KEY, values.password());
    return Secrets.opaque(
        ResourceNames.authKeys(platform().name()), platform().namespace(), labels(), keys);
  }

  @Override
  protected Optional<PostgresModel> database() {
    return Optional.of(postgres);
  }

  @Override
  protected List<EnvVar> serviceEnvironment() {
    String keys = ResourceNames.authKeys(platform().name());
    List<EnvVar> env = new ArrayList<>(postgres.connectionEnv(AUTH));
    env.add(EnvVars.fromSecret("AUTH_SIGNING_KEY", keys, SIGNING_KEY_KEY));
    env.add(EnvVars.fromSecret("AUTH_ADMIN_PASSWORD", keys, ADMIN_PASSWORD_KEY));
    return env;
  }

  @Override
  protected NetworkPolicyIngressRule ingressRule() {
    // The gateway proxies /api/auth; the others fetch the JWKS.
    return NetworkPolicies.fromComponents(
        platform().name(), List.of(GATEWAY, ORDERS, INVENTORY), HTTP_PORT);
  }

  @Override
  protected List<NetworkPolicyEgressRule> egressRules() {
    return List.of(postgres.clientEgressRule());
  }
}
