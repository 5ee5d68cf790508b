package dev.orderly.auth;

import io.helidon.common.parameters.Parameters;
import java.util.List;
import java.util.Optional;

/** Reading a token request's form parameters as RFC 6749 section 3.2 wants: none sent twice. */
final class TokenForm {

  private TokenForm() {}

  /** The parameter's value; empty when absent or empty (RFC 6749 treats both alike). */
  static Optional<String> optional(Parameters form, String name) {
    // An empty value ("name=") is no value at all to Helidon's parameters.
    List<String> values = form.contains(name) ? form.all(name) : List.of();
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      throw OAuthException.invalidRequest("'" + name + "' is sent more than once");
    }
    String value = values.getFirst();
    if (value.indexOf('\0') >= 0) {
      // No PostgreSQL text holds it: refused here rather than failing in the database.
      throw OAuthException.invalidRequest("'" + name + "' must not contain the character U+0000");
    }
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** The parameter's value; {@code invalid_request} when it is missing. */
  static String required(Parameters form, String name) {
    return optional(form, name)
        .orElseThrow(() -> OAuthException.invalidRequest("'" + name + "' is required"));
  }
}
