package dev.orderly.orders;

import dev.orderly.common.http.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque keyset position in a customer's order list (newest first).
 *
 * @param createdAt creation time of the last order on the previous page
 * @param id its id, to break ties
 */
public record OrderCursor(Instant createdAt, UUID id) {

  /** Encodes the position for a {@code cursor} query parameter. */
  public String encode() {
    String raw = createdAt + "|" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Decodes a {@code cursor} parameter; a tampered one is a 400. */
  public static OrderCursor decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int bar = raw.indexOf('|');
      return new OrderCursor(
          Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
    } catch (RuntimeException e) {
      throw ProblemException.badRequest("invalid cursor");
    }
  }
}
