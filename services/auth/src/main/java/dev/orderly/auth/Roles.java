package dev.orderly.auth;

/** The roles tokens carry. */
public final class Roles {

  /** Every registered user: places and reads its own orders. */
  public static final String CUSTOMER = "customer";

  /** Manages the catalogue and stock. */
  public static final String ADMIN = "admin";

  private Roles() {}
}
