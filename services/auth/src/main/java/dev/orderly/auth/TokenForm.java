package dev.orderly.auth;

import io.helidon.common.parameters.Parameters;
import java.util.List;
import java.util.Optional;

/** Reading a token request's form parameters as RFC 6749 section 3.2 wants: none sent twice. */
final class TokenForm {

    private TokenForm() {
    }

    /** The parameter's value; empty when absent or empty (RFC 6749 treats both alike). */
    static Optional<String> optional(Parameters form, String name) {
        if (!form.contains(name)) {
            return Optional.empty();
        }
        List<String> values = form.all(name);
        if (values.size() > 1) {
            throw OAuthException.invalidRequest("'" + name + "' is sent more than once");
        }
        String value = values.getFirst();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** The parameter's value; {@code invalid_request} when it is missing. */
    static String required(Parameters form, String name) {
        return optional(form, name).orElseThrow(() -> OAuthException.invalidRequest("'" + name + "' is required"));
    }
}
