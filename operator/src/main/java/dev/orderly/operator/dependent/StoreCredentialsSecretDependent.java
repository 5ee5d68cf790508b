package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.DataStore;
import dev.orderly.operator.model.PlatformModel;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Generated passwords of a managed store's administrator and of each service's user. */
public abstract class StoreCredentialsSecretDependent extends GeneratedSecretDependent {

  private final Function<PlatformModel, DataStore> store;
  private final UnaryOperator<String> secretName;

  /**
   * @param store picks the database or the broker out of the platform's model
   * @param secretName the Secret's name, given the platform's name
   */
  protected StoreCredentialsSecretDependent(
      Function<PlatformModel, DataStore> store, UnaryOperator<String> secretName) {
    this.store = store;
    this.secretName = secretName;
  }

  @Override
  protected Secret desired(
      PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return store.apply(model).generateCredentialsSecret(RANDOM);
  }

  @Override
  protected String name(PlatformModel model) {
    return secretName.apply(model.platform().name());
  }

  @Override
  protected boolean isWanted(PlatformModel model) {
    return store.apply(model).isManaged();
  }
}
