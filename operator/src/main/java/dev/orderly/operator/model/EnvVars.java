package dev.orderly.operator.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;

/**
 * Container environment variables: plain values, or keys of Secrets so no secret lands in a spec.
 */
public final class EnvVars {

  private EnvVars() {}

  /** {@code name=value}. */
  public static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  /**
   * {@code name} read from {@code key} of the Secret {@code secretName}; the pod waits until it
   * exists.
   */
  public static EnvVar fromSecret(String name, String secretName, String key) {
    return fromSecret(name, secretName, key, false);
  }

  /** The same, left unset when the Secret lacks {@code key}. */
  public static EnvVar fromSecretIfPresent(String name, String secretName, String key) {
    return fromSecret(name, secretName, key, true);
  }

  private static EnvVar fromSecret(String name, String secretName, String key, boolean optional) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secretName)
        .withKey(key)
        .withOptional(optional)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }
}
