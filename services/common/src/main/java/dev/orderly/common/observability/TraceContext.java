package dev.orderly.common.observability;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context position: the trace, and the span that is the parent of the next hop.
 *
 * @param traceId 32 lowercase hex digits
 * @param spanId 16 lowercase hex digits
 */
public record TraceContext(String traceId, String spanId) {

  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
  private static final HexFormat HEX = HexFormat.of();

  /** A new trace with a new root span. */
  public static TraceContext newTrace() {
    return new TraceContext(randomHex(16), randomHex(8));
  }

  /** Parses a {@code traceparent} header; a missing or malformed one starts a new trace. */
  public static TraceContext fromTraceparent(String header) {
    if (header != null) {
      var m = TRACEPARENT.matcher(header.trim());
      if (m.matches() && !m.group(1).equals("0".repeat(32)) && !m.group(2).equals("0".repeat(16))) {
        return new TraceContext(m.group(1), m.group(2));
      }
    }
    return newTrace();
  }

  /** The same trace with a new span, for work this service does on behalf of the parent. */
  public TraceContext child() {
    return new TraceContext(traceId, randomHex(8));
  }

  /** The {@code traceparent} header value (sampled). */
  public String traceparent() {
    return "00-" + traceId + "-" + spanId + "-01";
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    return HEX.formatHex(b);
  }
}
