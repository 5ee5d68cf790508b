package dev.orderly.operator.dependent;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ServiceModel;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.function.Function;

/** An object of one of the four services, named after the service. */
public abstract class ServiceObjectDependent<R extends HasMetadata>
    extends CrudPlatformDependent<R> {

  private final Component service;
  private final Function<ServiceModel, R> generate;

  /**
   * @param generate builds the object from the service's model
   */
  protected ServiceObjectDependent(
      Class<R> resourceType, Component service, Function<ServiceModel, R> generate) {
    super(resourceType);
    this.service = service;
    this.generate = generate;
  }

  @Override
  protected R desired(PlatformModel model, OrderPlatform primary, Context<OrderPlatform> context) {
    return generate.apply(model.service(service));
  }

  @Override
  protected String name(PlatformModel model) {
    return model.platform().workloadName(service);
  }
}
