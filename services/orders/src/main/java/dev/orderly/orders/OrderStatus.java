package dev.orderly.orders;

/** Where an order is in its saga; CONFIRMED and CANCELLED are where every order ends. */
public enum OrderStatus {
  PENDING,
  CONFIRMED,
  CANCELLED
}
