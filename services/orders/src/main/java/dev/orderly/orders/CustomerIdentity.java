package dev.orderly.orders;

import dev.orderly.common.http.Problem;
import dev.orderly.common.http.ProblemException;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.regex.Pattern;

/**
 * Who the caller is. TEMPORARY seam until the auth service exists: the customer id comes from the
 * {@code X-Customer-Id} header; the auth issue replaces this class with JWT validation.
 */
public final class CustomerIdentity {

    static final HeaderName CUSTOMER_ID = HeaderNames.create("X-Customer-Id");
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    private CustomerIdentity() {
    }

    /** The calling customer's id, or 401 problem. */
    public static String of(ServerRequest request) {
        return request.headers().first(CUSTOMER_ID)
                .filter(id -> VALID.matcher(id).matches())
                .orElseThrow(() -> new ProblemException(Problem.of("unauthenticated", "Unauthenticated", 401,
                        "a valid X-Customer-Id header is required")));
    }
}
