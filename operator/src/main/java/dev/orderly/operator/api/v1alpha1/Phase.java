package dev.orderly.operator.api.v1alpha1;

/** Coarse lifecycle phase of an OrderPlatform, shown by kubectl get. */
public enum Phase {
  /** Accepted, nothing created yet. */
  Pending,
  /** Components are being created for the first time. */
  Provisioning,
  /** Every component is ready at the desired version. */
  Running,
  /** A version change is rolling through the components. */
  Upgrading,
  /** Something that was or should be working is not; see the Degraded condition. */
  Degraded,
  /** The operator cannot reconcile the platform; see the Degraded condition and Events. */
  Failed
}
