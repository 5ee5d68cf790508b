package dev.orderly.operator.dependent;

import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.RandomSecretValues;
import dev.orderly.operator.model.SecretValues;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A Secret of generated passwords or keys: created once and never updated by a reconciliation (its
 * values would differ every time). Deleted, it is generated anew.
 */
public abstract class GeneratedSecretDependent extends PlatformDependent<Secret> {

  /** Where the concrete dependents draw their passwords and keys from. */
  protected static final SecretValues RANDOM = new RandomSecretValues();

  protected GeneratedSecretDependent(
      Function<PlatformModel, String> name,
      Predicate<PlatformModel> wanted,
      Function<PlatformModel, Secret> generate) {
    super(ChildKind.of(Secret.class), name, wanted, generate);
  }

  @Override
  protected boolean updatable() {
    return false;
  }
}
