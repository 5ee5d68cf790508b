package dev.orderly.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The platform as processes: the auth service (signing with a key made for the test), and one or
 * more instances each of orders and inventory, which validate tokens against auth's JWKS.
 */
final class Platform implements AutoCloseable {

  final RSAKey signingKey;
  final String adminPassword = "admin-" + UUID.randomUUID();
  private final int authPort = ServiceProcess.freePort();

  /** Auth's issuer URL: every other service finds the keys through its metadata. */
  final String issuer = "http://127.0.0.1:" + authPort + "/auth";

  ServiceProcess auth;
  final List<ServiceProcess> inventory = new ArrayList<>();
  final List<ServiceProcess> orders = new ArrayList<>();
  private Tokens tokens;
  private final Map<String, String> everyService;

  private Platform(Map<String, String> everyService) {
    this.everyService = everyService;
    try {
      signingKey = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts auth and {@code instances} of each saga service; {@code ordersEnv} adds settings for the
   * orders service, {@code inventoryEnv} for inventory.
   */
  static Platform start(
      int instances, Map<String, String> ordersEnv, Map<String, String> inventoryEnv) {
    return start(instances, ordersEnv, inventoryEnv, Map.of());
  }

  /** As above; {@code everyService} adds settings for all of them, auth included. */
  static Platform start(
      int instances,
      Map<String, String> ordersEnv,
      Map<String, String> inventoryEnv,
      Map<String, String> everyService) {
    Platform platform = new Platform(everyService);
    try {
      platform.auth = ServiceProcess.start("auth", platform.authPort, platform.authEnv());
      platform.tokens = new Tokens(platform.auth.uri().toString(), platform.adminPassword);
      for (int i = 0; i < instances; i++) {
        Map<String, String> env = platform.common();
        env.putAll(inventoryEnv);
        platform.inventory.add(ServiceProcess.start("inventory", env));
      }
      for (int i = 0; i < instances; i++) {
        Map<String, String> env = platform.common();
        env.put("ORDERS_INVENTORY_URL", platform.inventory.get(i).uri().toString());
        env.putAll(ordersEnv);
        platform.orders.add(ServiceProcess.start("orders", env));
      }
      return platform;
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  static Platform start(int instances, Map<String, String> ordersEnv) {
    return start(instances, ordersEnv, Map.of());
  }

  static Platform start() {
    return start(1, Map.of());
  }

  private Map<String, String> authEnv() {
    Map<String, String> env = new HashMap<>();
    env.put("LOG_FORMAT", "json");
    env.put("AUTH_SIGNING_KEY", pem());
    env.put("AUTH_ISSUER", issuer);
    env.put("AUTH_ADMIN_PASSWORD", adminPassword);
    // Many test customers log in from 127.0.0.1; only failures count, but keep the limit out of the
    // way.
    env.put("AUTH_LOGIN_FAILURES_PER_CLIENT", "1000");
    env.putAll(everyService);
    return env;
  }

  /** Settings of a service that validates tokens. */
  Map<String, String> common() {
    Map<String, String> env = new HashMap<>();
    env.put("LOG_FORMAT", "json");
    env.put("AUTH_ISSUER", issuer);
    // Keep sent outbox rows (the default deletes them) so InvariantChecker can audit what was
    // published.
    env.put("OUTBOX_RETENTION", "1h");
    env.putAll(everyService);
    return env;
  }

  /** The signing key as PEM PKCS#8, the way the operator hands it to auth. */
  private String pem() {
    try {
      String body =
          Base64.getMimeEncoder(64, "\n".getBytes())
              .encodeToString(signingKey.toPrivateKey().getEncoded());
      return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts a gateway in front of auth and the first orders and inventory instances; {@code extra}
   * adds settings.
   */
  ServiceProcess gateway(Map<String, String> extra) {
    Map<String, String> env = common();
    env.put("GATEWAY_UPSTREAMS_AUTH", auth.uri().toString());
    env.put("GATEWAY_UPSTREAMS_ORDERS", orders.getFirst().uri().toString());
    env.put("GATEWAY_UPSTREAMS_INVENTORY", inventory.getFirst().uri().toString());
    env.putAll(extra);
    return ServiceProcess.start("gateway", env);
  }

  /** A client that reaches the platform through {@code gateway} only, as users do. */
  SagaClient clientThrough(ServiceProcess gateway) {
    String api = gateway.uri() + "/api";
    return new SagaClient(api, api + "/inventory", new Tokens(api, adminPassword));
  }

  /** Tokens issued by this platform's auth service. */
  Tokens tokens() {
    return tokens;
  }

  /** A client of the first orders instance and the first inventory instance. */
  SagaClient client() {
    return client(orders.getFirst());
  }

  /** A client of {@code ordersInstance} and the first inventory instance. */
  SagaClient client(ServiceProcess ordersInstance) {
    return new SagaClient(
        ordersInstance.uri().toString(), inventory.getFirst().uri().toString(), tokens);
  }

  @Override
  public void close() {
    orders.forEach(ServiceProcess::close);
    inventory.forEach(ServiceProcess::close);
    if (auth != null) {
      auth.close();
    }
  }
}
