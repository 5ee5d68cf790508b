package dev.orderly.gateway;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/** The client's network address. */
final class ClientIdentity {

    private ClientIdentity() {
    }

    /** The last {@code X-Forwarded-For} hop when the gateway sits behind a trusted ingress, else the peer. */
    static String address(ServerRequest req, boolean trustForwarded) {
        if (trustForwarded) {
            var forwarded = req.headers().first(HeaderNames.X_FORWARDED_FOR);
            if (forwarded.isPresent()) {
                String[] hops = forwarded.get().split(",");
                String last = hops[hops.length - 1].trim();
                if (!last.isEmpty() && last.length() <= 64) {
                    return last;
                }
            }
        }
        return req.remotePeer().host();
    }
}
