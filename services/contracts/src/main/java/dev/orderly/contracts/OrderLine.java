package dev.orderly.contracts;

/**
 * One product and the quantity of it in an order.
 *
 * @param productId product identifier (the inventory's SKU)
 * @param quantity units, always positive
 */
public record OrderLine(String productId, int quantity) {}
