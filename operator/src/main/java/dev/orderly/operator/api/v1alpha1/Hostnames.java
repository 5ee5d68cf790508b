package dev.orderly.operator.api.v1alpha1;

/** Validation of DNS names and addresses used in the spec. */
public final class Hostnames {

  /** A DNS-1123 subdomain or an IPv4 address. */
  public static final String PATTERN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  private Hostnames() {}
}
