package dev.orderly.gateway;

import java.util.List;
import java.util.Optional;

/**
 * Maps public {@code /api/...} paths to an upstream and its path, and says which routes need no
 * token.
 *
 * <pre>
 * /api/auth/.well-known/x  -> auth      /.well-known/x
 * /api/auth/x              -> auth      /auth/x
 * /api/orders[/x]          -> orders    /orders[/x]
 * /api/inventory/x         -> inventory /x
 * </pre>
 */
public final class RouteTable {

  /**
   * Where a request goes.
   *
   * @param upstream upstream name
   * @param path the raw (still percent-encoded) path on the upstream
   */
  public record Target(String upstream, String path) {}

  private record Rule(String prefix, String upstream, String replacement) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule("/api/auth/.well-known/", GatewaySettings.AUTH, "/.well-known/"),
          new Rule("/api/auth/", GatewaySettings.AUTH, "/auth/"),
          new Rule("/api/orders/", GatewaySettings.ORDERS, "/orders/"),
          new Rule("/api/orders", GatewaySettings.ORDERS, "/orders"),
          new Rule("/api/inventory/", GatewaySettings.INVENTORY, "/"));

  private RouteTable() {}

  /** The target of {@code rawPath}, empty when no route matches (or the path tries to escape). */
  public static Optional<Target> map(String rawPath) {
    if (rawPath.contains("/../")
        || rawPath.endsWith("/..")
        || rawPath.contains("/./")
        || rawPath.toLowerCase().contains("%2e")
        || rawPath.contains("//")) {
      return Optional.empty();
    }
    for (Rule rule : RULES) {
      if (rule.prefix().endsWith("/")
          ? rawPath.startsWith(rule.prefix())
          : rawPath.equals(rule.prefix())) {
        return Optional.of(
            new Target(
                rule.upstream(), rule.replacement() + rawPath.substring(rule.prefix().length())));
      }
    }
    return Optional.empty();
  }

  /** Whether a path is the client API's ({@code /api/**}), where the gateway's filters apply. */
  public static boolean isApi(String rawPath) {
    return rawPath.startsWith("/api/") || rawPath.equals("/api");
  }

  /** Whether a request may go through without a token: auth itself, and reading the catalogue. */
  public static boolean isPublic(String method, String rawPath) {
    if (rawPath.startsWith("/api/auth/")) {
      return true;
    }
    boolean read = method.equals("GET") || method.equals("HEAD");
    return read
        && (rawPath.equals("/api/inventory/products")
            || rawPath.startsWith("/api/inventory/products/"));
  }
}
