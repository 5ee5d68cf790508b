package dev.orderly.operator.api.v1alpha1;

/** Who moves an autoscaled Deployment's replicas. */
public enum Scaler {
  /** The operator, from the queue backlog it reads from RabbitMQ's management API. */
  Operator,
  /** Something else (an HPA, KEDA): the operator never writes the Deployment's replicas. */
  External,
  /**
   * KEDA, from a ScaledObject the operator writes where KEDA is installed (same queue, bounds and
   * target); the operator never writes the Deployment's replicas.
   */
  Keda
}
