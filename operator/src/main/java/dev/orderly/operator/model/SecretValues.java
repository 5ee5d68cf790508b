package dev.orderly.operator.model;

/** Source of generated secret material; random in production, fixed in tests. */
public interface SecretValues {

  /** A password of letters and digits (safe in URLs, shell and SQL without quoting). */
  String password();

  /** A new RSA 2048 private key, PEM-encoded PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}). */
  String rsaPrivateKeyPem();
}
