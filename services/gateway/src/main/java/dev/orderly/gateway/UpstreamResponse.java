package dev.orderly.gateway;

import io.helidon.http.Header;
import java.util.List;

/**
 * An upstream's complete answer.
 *
 * @param status status code
 * @param headers response headers
 * @param body response body
 */
public record UpstreamResponse(int status, List<Header> headers, byte[] body) {}
