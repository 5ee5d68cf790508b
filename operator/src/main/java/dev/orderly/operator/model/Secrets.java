package dev.orderly.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Opaque Secrets: built base64-encoded (as the API server stores them) and read back. */
public final class Secrets {

  private Secrets() {}

  /** An Opaque Secret holding {@code values}. */
  public static Secret opaque(
      String name, String namespace, Labels labels, Map<String, String> values) {
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach((key, value) -> data.put(key, encode(value)));
    return new SecretBuilder()
        .withMetadata(Workloads.metadata(name, namespace, labels))
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /** The decoded value of {@code key}, looking at data and then stringData. */
  public static Optional<String> value(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return Optional.of(
          new String(
              Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    if (secret.getStringData() != null) {
      return Optional.ofNullable(secret.getStringData().get(key));
    }
    return Optional.empty();
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
