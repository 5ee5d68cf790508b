package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.RandomSecretValues;
import dev.orderly.operator.model.SecretValues;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.dependent.Creator;

/**
 * A Secret of generated passwords or keys: a Creator without an Updater, so it is created once and
 * never rotated by a reconciliation (its values would differ every time). Deleted, it is generated
 * anew.
 */
public abstract class GeneratedSecretDependent extends PlatformDependent<Secret>
    implements Creator<Secret, OrderPlatform> {

  protected static final SecretValues RANDOM = new RandomSecretValues();

  protected GeneratedSecretDependent() {
    super(Secret.class);
  }
}
