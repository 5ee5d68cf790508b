package dev.orderly.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

/** The response headers every gateway answer carries. */
public final class SecurityHeaders {

    private SecurityHeaders() {
    }

    /**
     * Headers for an answer to {@code path}.
     *
     * @param path the request path
     * @param tls  whether the client reached us over TLS (directly or via an ingress that says so)
     */
    public static Map<String, String> forPath(String path, boolean tls) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        headers.put("Referrer-Policy", "no-referrer");
        if (tls) {
            headers.put("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
        if (path.startsWith("/api/") || path.equals("/api")) {
            headers.put("Cache-Control", "no-store");
        }
        return headers;
    }
}
