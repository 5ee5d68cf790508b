package dev.orderly.auth;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/** The address a login attempt comes from, for the per-client failure limit. */
final class ClientAddress {

  private ClientAddress() {}

  /**
   * The first {@code X-Forwarded-For} entry when {@code trustForwarded} (the gateway replaces that
   * header with the address it saw), otherwise the peer's address.
   */
  static String of(ServerRequest request, boolean trustForwarded) {
    if (trustForwarded) {
      var forwarded = request.headers().first(HeaderNames.X_FORWARDED_FOR);
      if (forwarded.isPresent()) {
        String first = forwarded.get().split(",", 2)[0].trim();
        if (!first.isEmpty() && first.length() <= 64) {
          return first;
        }
      }
    }
    return request.remotePeer().host();
  }
}
