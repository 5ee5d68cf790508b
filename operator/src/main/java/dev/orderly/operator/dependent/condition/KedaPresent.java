package dev.orderly.operator.dependent.condition;

import dev.orderly.operator.model.KedaModel;

/** Activation condition of the ScaledObjects and their TriggerAuthentication: KEDA is installed. */
public class KedaPresent extends ApiServed {

  public KedaPresent() {
    super(KedaModel.API_VERSION, KedaModel.SCALED_OBJECT);
  }
}
