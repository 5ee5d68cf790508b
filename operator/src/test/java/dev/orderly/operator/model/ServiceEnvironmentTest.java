package dev.orderly.operator.model;

import static dev.orderly.operator.fixtures.Models.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.operator.api.v1alpha1.ExternalPostgresSpec;
import dev.orderly.operator.api.v1alpha1.ExternalRabbitMqSpec;
import dev.orderly.operator.api.v1alpha1.GatewaySpec;
import dev.orderly.operator.api.v1alpha1.IngressSpec;
import dev.orderly.operator.api.v1alpha1.OrderPlatformSpec;
import dev.orderly.operator.api.v1alpha1.OrdersSpec;
import dev.orderly.operator.api.v1alpha1.PostgresSpec;
import dev.orderly.operator.api.v1alpha1.RabbitMqSpec;
import dev.orderly.operator.api.v1alpha1.RateLimitSpec;
import dev.orderly.operator.api.v1alpha1.SecretReference;
import dev.orderly.operator.fixtures.Models;
import dev.orderly.operator.fixtures.OrderPlatforms;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each service gets exactly the variables docs/configuration.md and docs/operator.md list. */
class ServiceEnvironmentTest {

  private final PlatformModel platform = Models.minimal();

  @Test
  void authGetsItsDatabaseAndKeys() {
    Map<String, EnvVar> env = envOf(platform.auth());

    assertThat(env)
        .containsOnlyKeys(
            "SERVER_HOST",
            "SERVER_PORT",
            "SERVER_OBSERVE_PORT",
            "LOG_LEVEL",
            "LOG_FORMAT",
            "AUTH_ISSUER",
            "DB_URL",
            "DB_USER",
            "DB_PASSWORD",
            "AUTH_SIGNING_KEY",
            "AUTH_ADMIN_PASSWORD");
    assertThat(env.get("DB_URL").getValue()).isEqualTo("jdbc:postgresql://shop-postgres:5432/auth");
    assertThat(env.get("DB_USER").getValue()).isEqualTo("auth");
    assertSecretKey(env.get("DB_PASSWORD"), "shop-postgres-credentials", "auth-password");
    assertSecretKey(env.get("AUTH_SIGNING_KEY"), "shop-auth-keys", "signing-key");
    assertSecretKey(env.get("AUTH_ADMIN_PASSWORD"), "shop-auth-keys", "admin-password");
  }

  @Test
  void everyServiceNamesTheIssuerWhereClientsReachAuthThroughTheGateway() {
    PlatformModel inside = platform;
    PlatformModel outside = Models.of(OrderPlatforms.withIngress("shop.example.com"));

    for (ServiceModel service : inside.services()) {
      assertThat(envOf(service).get("AUTH_ISSUER").getValue())
          .as(service.component().id())
          .isEqualTo(inside.endpoint() + "/api/auth")
          .startsWith("http://shop-gateway.");
    }
    for (ServiceModel service : outside.services()) {
      assertThat(envOf(service).get("AUTH_ISSUER").getValue())
          .as(service.component().id())
          .isEqualTo("http://shop.example.com/api/auth");
    }
  }

  @Test
  void ordersGetsDatabaseBrokerSagaTimeoutInventoryAndJwks() {
    Map<String, EnvVar> env = envOf(platform.orders());

    assertThat(env)
        .containsOnlyKeys(
            "SERVER_HOST",
            "SERVER_PORT",
            "SERVER_OBSERVE_PORT",
            "LOG_LEVEL",
            "LOG_FORMAT",
            "AUTH_ISSUER",
            "DB_URL",
            "DB_USER",
            "DB_PASSWORD",
            "RABBITMQ_HOST",
            "RABBITMQ_PORT",
            "RABBITMQ_USER",
            "RABBITMQ_PASSWORD",
            "RABBITMQ_VHOST",
            "RABBITMQ_DELIVERY_LIMIT",
            "ORDERS_SAGA_TIMEOUT",
            "ORDERS_INVENTORY_URL",
            "AUTH_JWKS_URL");
    assertThat(env.get("DB_URL").getValue())
        .isEqualTo("jdbc:postgresql://shop-postgres:5432/orders");
    assertThat(env.get("RABBITMQ_HOST").getValue()).isEqualTo("shop-rabbitmq");
    assertThat(env.get("RABBITMQ_USER").getValue()).isEqualTo("orders");
    assertSecretKey(env.get("RABBITMQ_PASSWORD"), "shop-rabbitmq-credentials", "orders-password");
    assertThat(env.get("RABBITMQ_DELIVERY_LIMIT").getValue())
        .isEqualTo(String.valueOf(BrokerTopology.DELIVERY_LIMIT));
    assertThat(env.get("ORDERS_SAGA_TIMEOUT").getValue()).isEqualTo("30s");
    assertThat(env.get("ORDERS_INVENTORY_URL").getValue()).isEqualTo("http://shop-inventory:8080");
    assertThat(env.get("AUTH_JWKS_URL").getValue())
        .isEqualTo("http://shop-auth:8080/.well-known/jwks.json");
  }

  @Test
  void inventoryGetsDatabaseBrokerAndJwks() {
    Map<String, EnvVar> env = envOf(platform.inventory());

    assertThat(env)
        .containsOnlyKeys(
            "SERVER_HOST",
            "SERVER_PORT",
            "SERVER_OBSERVE_PORT",
            "LOG_LEVEL",
            "LOG_FORMAT",
            "AUTH_ISSUER",
            "DB_URL",
            "DB_USER",
            "DB_PASSWORD",
            "RABBITMQ_HOST",
            "RABBITMQ_PORT",
            "RABBITMQ_USER",
            "RABBITMQ_PASSWORD",
            "RABBITMQ_VHOST",
            "RABBITMQ_DELIVERY_LIMIT",
            "AUTH_JWKS_URL");
    assertThat(env.get("DB_USER").getValue()).isEqualTo("inventory");
    assertSecretKey(env.get("DB_PASSWORD"), "shop-postgres-credentials", "inventory-password");
  }

  @Test
  void gatewayGetsUpstreamsRateLimitAndJwks() {
    var spec =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            new GatewaySpec(3, new RateLimitSpec(20, 40), null, null),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    Map<String, EnvVar> env = envOf(Models.of(spec).gateway());

    assertThat(env)
        .containsOnlyKeys(
            "SERVER_HOST",
            "SERVER_PORT",
            "SERVER_OBSERVE_PORT",
            "LOG_LEVEL",
            "LOG_FORMAT",
            "AUTH_ISSUER",
            "GATEWAY_UPSTREAMS_AUTH",
            "GATEWAY_UPSTREAMS_ORDERS",
            "GATEWAY_UPSTREAMS_INVENTORY",
            "GATEWAY_RATELIMIT_REQUESTSPERSECOND",
            "GATEWAY_RATELIMIT_BURST",
            "AUTH_JWKS_URL");
    // No GATEWAY_TRUSTED_PROXIES: no Ingress, no proxy to believe.
    assertThat(env.get("GATEWAY_UPSTREAMS_AUTH").getValue()).isEqualTo("http://shop-auth:8080");
    assertThat(env.get("GATEWAY_UPSTREAMS_ORDERS").getValue()).isEqualTo("http://shop-orders:8080");
    assertThat(env.get("GATEWAY_UPSTREAMS_INVENTORY").getValue())
        .isEqualTo("http://shop-inventory:8080");
    assertThat(env.get("GATEWAY_RATELIMIT_REQUESTSPERSECOND").getValue()).isEqualTo("20");
    assertThat(env.get("GATEWAY_RATELIMIT_BURST").getValue()).isEqualTo("40");
  }

  @Test
  void behindAnIngressTheGatewayBelievesForwardedHeadersFromTheControllersNetworksOnly() {
    Map<String, EnvVar> defaults =
        envOf(Models.of(OrderPlatforms.withIngress("shop.example.com")).gateway());
    assertThat(defaults.get("GATEWAY_TRUSTED_PROXIES").getValue())
        .isEqualTo("10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,fc00::/7");

    var narrowed =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new IngressSpec("shop.example.com", "nginx", null, List.of("10.244.0.0/16")),
            null,
            null,
            null);
    assertThat(envOf(Models.of(narrowed).gateway()).get("GATEWAY_TRUSTED_PROXIES").getValue())
        .isEqualTo("10.244.0.0/16");

    var wrong =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new IngressSpec("shop.example.com", "nginx", null, List.of("ingress-nginx")),
            null,
            null,
            null);
    assertThatThrownBy(() -> Models.of(wrong)).hasMessageContaining("spec.ingress.trustedProxies");
  }

  @Test
  void gatewayDefaultsItsRateLimit() {
    Map<String, EnvVar> env = envOf(platform.gateway());

    assertThat(env.get("GATEWAY_RATELIMIT_REQUESTSPERSECOND").getValue()).isEqualTo("50");
    assertThat(env.get("GATEWAY_RATELIMIT_BURST").getValue()).isEqualTo("100");
  }

  @Test
  void anExternalDatabaseIsVerifiedAgainstTheCaOfItsSecretOrTheJvmsTrustedOnes() {
    var withCa =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            null,
            null,
            new PostgresSpec(
                null,
                null,
                null,
                new ExternalPostgresSpec(
                    "db.example.com",
                    5432,
                    new SecretReference("shop-db"),
                    "verify-full",
                    new SecretReference("db-ca"))),
            null,
            null,
            null,
            null);
    var model = Models.of(withCa).orders();
    var deployment = model.generateDeployment();

    assertThat(envOf(model).get("DB_URL").getValue())
        .isEqualTo(
            "jdbc:postgresql://db.example.com:5432/orders?sslmode=verify-full&sslrootcert=/etc/orderly/postgres-ca/ca.crt");
    assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(
            volume ->
                assertThat(volume.getSecret())
                    .isNotNull()
                    .extracting("secretName")
                    .isEqualTo("db-ca"));
    assertThat(
            deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getVolumeMounts())
        .anySatisfy(
            mount -> assertThat(mount.getMountPath()).isEqualTo("/etc/orderly/postgres-ca"));

    var publicCa =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            null,
            null,
            new PostgresSpec(
                null,
                null,
                null,
                new ExternalPostgresSpec(
                    "db.example.com", 5432, new SecretReference("shop-db"), "verify-full", null)),
            null,
            null,
            null,
            null);
    assertThat(envOf(Models.of(publicCa).orders()).get("DB_URL").getValue())
        .endsWith("?sslmode=verify-full&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory");
  }

  @Test
  void anExternalBrokerIsReachedOverTlsVerifiedAgainstTheCaOfItsSecret() {
    var withCa =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            null,
            new RabbitMqSpec(
                null,
                null,
                new ExternalRabbitMqSpec(
                    "mq.example.com",
                    null,
                    null,
                    new SecretReference("shop-mq"),
                    true,
                    new SecretReference("mq-ca"))),
            null,
            null,
            null,
            null,
            null);
    for (ServiceModel service :
        List.of(Models.of(withCa).orders(), Models.of(withCa).inventory())) {
      Map<String, EnvVar> env = envOf(service);
      assertThat(env.get("RABBITMQ_PORT").getValue())
          .as("AMQPS's port unless set")
          .isEqualTo("5671");
      assertThat(env.get("RABBITMQ_TLS_ENABLED").getValue()).isEqualTo("true");
      assertThat(env.get("RABBITMQ_TLS_CA").getValue())
          .isEqualTo("/etc/orderly/rabbitmq-ca/ca.crt");
      var pod = service.generateDeployment().getSpec().getTemplate().getSpec();
      assertThat(pod.getVolumes())
          .anySatisfy(
              volume ->
                  assertThat(volume.getSecret())
                      .isNotNull()
                      .extracting("secretName")
                      .isEqualTo("mq-ca"));
      assertThat(pod.getContainers().getFirst().getVolumeMounts())
          .anySatisfy(
              mount -> assertThat(mount.getMountPath()).isEqualTo("/etc/orderly/rabbitmq-ca"));
    }
    assertThat(envOf(Models.of(withCa).gateway())).doesNotContainKey("RABBITMQ_TLS_ENABLED");

    var publicCa =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            null,
            new RabbitMqSpec(
                null,
                null,
                new ExternalRabbitMqSpec(
                    "mq.example.com", 5673, null, new SecretReference("shop-mq"), true, null)),
            null,
            null,
            null,
            null,
            null);
    Map<String, EnvVar> env = envOf(Models.of(publicCa).orders());
    assertThat(env.get("RABBITMQ_PORT").getValue()).isEqualTo("5673");
    assertThat(env).containsKey("RABBITMQ_TLS_ENABLED").doesNotContainKey("RABBITMQ_TLS_CA");

    var plain =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            null,
            new RabbitMqSpec(
                null,
                null,
                new ExternalRabbitMqSpec(
                    "mq.example.com",
                    null,
                    null,
                    new SecretReference("shop-mq"),
                    null,
                    new SecretReference("mq-ca"))),
            null,
            null,
            null,
            null,
            null);
    assertThatThrownBy(() -> Models.of(plain))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("rabbitmq.external.caSecretRef");
  }

  @Test
  void externalDatabaseCredentialsComeFromTheReferencedSecret() {
    Map<String, EnvVar> env = envOf(Models.of(OrderPlatforms.externalPostgres("shop-db")).orders());

    assertThat(env.get("DB_URL").getValue())
        .isEqualTo("jdbc:postgresql://db.example.com:5432/orders?sslmode=require");
    assertSecretKey(env.get("DB_USER"), "shop-db", "orders-username");
    assertSecretKey(env.get("DB_PASSWORD"), "shop-db", "orders-password");
  }

  @Test
  void sagaTimeoutFollowsTheSpec() {
    var spec =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            new OrdersSpec(null, "PT45S", null, null, null),
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    assertThat(envOf(Models.of(spec).orders()).get("ORDERS_SAGA_TIMEOUT").getValue())
        .isEqualTo("PT45S");
  }

  private static Map<String, EnvVar> envOf(ServiceModel service) {
    return Models.env(container(service.generateDeployment()));
  }

  private static void assertSecretKey(EnvVar variable, String secret, String key) {
    assertThat(variable.getValue()).as("%s holds no secret in clear", variable.getName()).isNull();
    assertThat(variable.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret);
    assertThat(variable.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(key);
  }
}
