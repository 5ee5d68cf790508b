package dev.orderly.auth;

import dev.orderly.common.http.Problem;
import dev.orderly.common.http.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A username and password as a client sends them. {@link #toString()} never shows the password.
 *
 * @param username login name (case-insensitive)
 * @param password the password in clear
 */
public record Credentials(String username, String password) {

  static final int MIN_PASSWORD = 10;
  static final int MAX_PASSWORD = 128;
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{2,63}");

  /** The username as stored: trimmed and lower-cased; empty string when absent. */
  public String normalizedUsername() {
    return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
  }

  /** Checks a registration: a valid username and a password that is not weak; 422 otherwise. */
  public Credentials validateForRegistration() {
    List<Problem.FieldError> errors = new ArrayList<>();
    String name = normalizedUsername();
    if (!USERNAME.matcher(name).matches()) {
      errors.add(
          new Problem.FieldError(
              "username",
              "3-64 characters: letters, digits, '.', '_', '@', '-', starting with a letter or digit"));
    }
    // Counted in characters (code points), as the OpenAPI schema's minLength and maxLength count.
    int length = password == null ? 0 : password.codePointCount(0, password.length());
    if (password == null || length < MIN_PASSWORD) {
      errors.add(new Problem.FieldError("password", "at least " + MIN_PASSWORD + " characters"));
    } else if (length > MAX_PASSWORD) {
      errors.add(new Problem.FieldError("password", "at most " + MAX_PASSWORD + " characters"));
    } else if (isWeak(password, name)) {
      errors.add(
          new Problem.FieldError(
              "password",
              "too easy to guess: it must not contain the username nor be one repeated pattern"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid("the registration is not acceptable", errors);
    }
    return this;
  }

  /** Checks a login request has both fields; 400 otherwise. */
  public Credentials requireBoth() {
    if (username == null
        || password == null
        || username.isBlank()
        || password.isEmpty()
        || password.codePointCount(0, password.length()) > MAX_PASSWORD
        || username.length() > 256) {
      throw ProblemException.badRequest("'username' and 'password' are required");
    }
    return this;
  }

  static boolean isWeak(String password, String username) {
    String lower = password.toLowerCase(Locale.ROOT);
    if (!username.isEmpty() && lower.contains(username)) {
      return true;
    }
    if (password.chars().distinct().count() < 4) {
      return true; // "aaaaaaaaaa", "abababab..."
    }
    return lower.startsWith("password")
        || lower.startsWith("1234567890")
        || lower.startsWith("qwerty");
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=***]";
  }
}
