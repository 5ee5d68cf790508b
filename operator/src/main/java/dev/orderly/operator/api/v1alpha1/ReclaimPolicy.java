package dev.orderly.operator.api.v1alpha1;

/** What happens to a persistent volume when its OrderPlatform is deleted. */
public enum ReclaimPolicy {
  /** The volume claim outlives the platform. */
  Retain,
  /** The volume claim is deleted with the platform. */
  Delete
}
