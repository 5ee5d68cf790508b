package dev.orderly.auth;

import java.util.List;
import java.util.UUID;

/**
 * A stored user.
 *
 * @param id stable id, the tokens' {@code sub}
 * @param username lower-cased login name
 * @param passwordHash PHC-encoded argon2id hash
 * @param roles e.g. {@code customer}, {@code admin}
 */
public record User(UUID id, String username, String passwordHash, List<String> roles) {

  public User {
    roles = List.copyOf(roles);
  }

  @Override
  public String toString() {
    return "User[id=" + id + ", username=" + username + ", roles=" + roles + "]";
  }
}
