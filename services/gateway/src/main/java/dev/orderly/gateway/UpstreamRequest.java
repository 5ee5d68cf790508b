package dev.orderly.gateway;

import io.helidon.http.Header;
import java.util.List;

/**
 * A request to send to an upstream, complete before it is sent (so it can be retried and sent from
 * another thread).
 *
 * @param method HTTP method
 * @param pathAndQuery raw path plus {@code ?query} when there is one
 * @param headers headers to send (already filtered and completed)
 * @param body request body, empty for none
 * @param retryable whether it may be sent again after a failure ({@link RetryPolicy})
 */
public record UpstreamRequest(
    String method, String pathAndQuery, List<Header> headers, byte[] body, boolean retryable) {}
