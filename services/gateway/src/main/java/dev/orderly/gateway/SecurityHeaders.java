package dev.orderly.gateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The response headers every gateway answer carries. */
public final class SecurityHeaders {

  /** The four possible header sets, built once: index {@code (tls ? 2 : 0) + (api ? 1 : 0)}. */
  private static final List<Map<String, String>> VARIANTS =
      List.of(build(false, false), build(false, true), build(true, false), build(true, true));

  private SecurityHeaders() {}

  /**
   * Headers for an answer to {@code path} (unmodifiable).
   *
   * @param path the request path
   * @param tls whether the client reached us over TLS (directly or via an ingress that says so)
   */
  public static Map<String, String> forPath(String path, boolean tls) {
    boolean api = RouteTable.isApi(path);
    return VARIANTS.get((tls ? 2 : 0) + (api ? 1 : 0));
  }

  private static Map<String, String> build(boolean tls, boolean api) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("X-Frame-Options", "DENY");
    headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    headers.put("Referrer-Policy", "no-referrer");
    if (tls) {
      headers.put("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    if (api) {
      headers.put("Cache-Control", "no-store");
    }
    return Collections.unmodifiableMap(headers);
  }
}
