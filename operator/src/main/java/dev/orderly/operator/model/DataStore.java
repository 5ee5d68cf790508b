package dev.orderly.operator.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The database or the broker: deployed by the operator as a single-pod StatefulSet, or external.
 */
public sealed interface DataStore permits PostgresModel, RabbitMqModel {

  /** True when the operator deploys the store; false when the platform uses an external one. */
  boolean isManaged();

  /** Passwords of the store's administrator and of each service's user, generated once. */
  Secret generateCredentialsSecret(SecretValues values);

  /**
   * The single-pod StatefulSet.
   *
   * @param storageInUse size of the existing claim template, or null before the StatefulSet exists
   */
  StatefulSet generateStatefulSet(String storageInUse);

  /** The ClusterIP Service the clients reach the store through. */
  Service generateService();

  /** Stable DNS for the StatefulSet's pod. */
  Service generateHeadlessService();

  /** The budget holding the store's pod through drains. */
  PodDisruptionBudget generatePodDisruptionBudget();
}
