package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.DataStore;
import dev.orderly.operator.model.PlatformModel;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A Service of a managed store: the one its clients use, or the headless one giving its pod stable
 * DNS.
 */
public abstract class StoreServiceDependent extends ManagedStoreDependent<Service> {

  private final Component component;
  private final Function<DataStore, Service> generate;
  private final BiFunction<String, Component, String> name;

  /**
   * @param generate builds the Service from the store's model
   * @param name the Service's name, given the platform's name and the store's component
   */
  protected StoreServiceDependent(
      Function<PlatformModel, DataStore> store,
      Component component,
      Function<DataStore, Service> generate,
      BiFunction<String, Component, String> name) {
    super(Service.class, store);
    this.component = component;
    this.generate = generate;
    this.name = name;
  }

  @Override
  protected Service desired(
      PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return generate.apply(store(model));
  }

  @Override
  protected String name(PlatformModel model) {
    return name.apply(model.platform().name(), component);
  }
}
