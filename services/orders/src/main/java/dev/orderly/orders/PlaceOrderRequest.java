package dev.orderly.orders;

import dev.orderly.common.http.Problem.FieldError;
import dev.orderly.common.http.ProblemException;
import dev.orderly.contracts.OrderLine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /orders}.
 *
 * @param items the products and quantities ordered
 */
public record PlaceOrderRequest(List<Item> items) {

  public static final int MAX_ITEMS = 50;
  public static final int MAX_QUANTITY = 1000;
  private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /**
   * One requested line; boxed so a missing value is told apart from zero.
   *
   * @param productId product identifier
   * @param quantity units
   */
  public record Item(String productId, Integer quantity) {}

  /**
   * Checks every rule and answers 422 listing every violation.
   *
   * @return the items as order lines
   */
  public List<OrderLine> validate() {
    List<FieldError> errors = new ArrayList<>();
    if (items == null || items.isEmpty()) {
      errors.add(new FieldError("items", "at least one item is required"));
    } else if (items.size() > MAX_ITEMS) {
      errors.add(new FieldError("items", "at most " + MAX_ITEMS + " items per order"));
    } else {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < items.size(); i++) {
        Item item = items.get(i);
        String at = "items[" + i + "]";
        if (item == null) {
          errors.add(new FieldError(at, "must be an object"));
          continue;
        }
        if (item.productId() == null || !PRODUCT_ID.matcher(item.productId()).matches()) {
          errors.add(new FieldError(at + ".productId", "required; 1-64 of A-Z a-z 0-9 . _ -"));
        } else if (!seen.add(item.productId())) {
          errors.add(
              new FieldError(at + ".productId", "appears twice; order it once with the total"));
        }
        if (item.quantity() == null || item.quantity() < 1 || item.quantity() > MAX_QUANTITY) {
          errors.add(new FieldError(at + ".quantity", "required; between 1 and " + MAX_QUANTITY));
        }
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid("the order is not valid", errors);
    }
    return items.stream().map(i -> new OrderLine(i.productId(), i.quantity())).toList();
  }

  /**
   * A fingerprint of the request's meaning, so a reused Idempotency-Key with another body is
   * caught.
   */
  public static String fingerprint(List<OrderLine> lines) {
    StringBuilder canonical = new StringBuilder();
    lines.forEach(
        l -> canonical.append(l.productId()).append('\u0000').append(l.quantity()).append('\n'));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
