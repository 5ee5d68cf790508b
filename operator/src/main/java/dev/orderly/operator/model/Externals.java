package dev.orderly.operator.model;

import dev.orderly.operator.api.v1alpha1.ExternalPostgresSpec;
import dev.orderly.operator.api.v1alpha1.ExternalRabbitMqSpec;
import dev.orderly.operator.api.v1alpha1.SecretReference;

/** Validates and defaults the {@code external} subsections the schema may leave incomplete. */
final class Externals {

  static final int DEFAULT_POSTGRES_PORT = 5432;
  static final int DEFAULT_RABBITMQ_PORT = 5672;
  static final int DEFAULT_RABBITMQ_TLS_PORT = 5671;
  static final String DEFAULT_VHOST = "/";
  static final String DEFAULT_SSL_MODE = "require";

  private Externals() {}

  static ExternalPostgresSpec postgres(ExternalPostgresSpec spec) {
    requireText(spec.host(), "postgres.external.host");
    requireSecret(spec.secretRef(), "postgres.external.secretRef.name");
    int port = spec.port() == null ? DEFAULT_POSTGRES_PORT : spec.port();
    String sslMode = spec.sslMode() == null ? DEFAULT_SSL_MODE : spec.sslMode();
    if (spec.caSecretRef() != null) {
      requireSecret(spec.caSecretRef(), "postgres.external.caSecretRef.name");
    }
    return new ExternalPostgresSpec(
        spec.host(), port, spec.secretRef(), sslMode, spec.caSecretRef());
  }

  static ExternalRabbitMqSpec rabbitmq(ExternalRabbitMqSpec spec) {
    requireText(spec.host(), "rabbitmq.external.host");
    requireSecret(spec.secretRef(), "rabbitmq.external.secretRef.name");
    boolean tls = Boolean.TRUE.equals(spec.tls());
    int port =
        spec.port() != null ? spec.port() : tls ? DEFAULT_RABBITMQ_TLS_PORT : DEFAULT_RABBITMQ_PORT;
    String vhost = spec.vhost() == null ? DEFAULT_VHOST : spec.vhost();
    if (spec.caSecretRef() != null) {
      if (!tls) {
        throw new InvalidSpecException(
            "rabbitmq.external.caSecretRef", "is only used with tls: true");
      }
      requireSecret(spec.caSecretRef(), "rabbitmq.external.caSecretRef.name");
    }
    return new ExternalRabbitMqSpec(
        spec.host(), port, vhost, spec.secretRef(), tls, spec.caSecretRef());
  }

  private static void requireSecret(SecretReference ref, String field) {
    requireText(ref == null ? null : ref.name(), field);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidSpecException(field, "is required");
    }
  }
}
