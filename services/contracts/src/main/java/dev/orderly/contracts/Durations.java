package dev.orderly.contracts;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration syntax of the services' settings and of the OrderPlatform fields the operator turns
 * into them: the way Kubernetes users write durations ({@code 500ms}, {@code 30s}, {@code 5m}) or
 * ISO-8601.
 */
public final class Durations {

  /** Every value {@link #parse} accepts, as a regular expression (the CRD's schema pattern). */
  public static final String PATTERN = "^([0-9]+(ms|s|m|h)|P(T?[0-9]+(\\.[0-9]+)?[DHMS])+)$";

  private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the value when it is neither form
   */
  public static Duration parse(String text) {
    String value = text.trim();
    Matcher m = SIMPLE.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (use 500ms, 30s, 5m, 1h or PT30S)");
    }
  }
}
