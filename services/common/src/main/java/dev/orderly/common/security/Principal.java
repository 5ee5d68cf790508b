package dev.orderly.common.security;

import java.util.Set;

/**
 * The authenticated caller of a request, taken from a validated access token.
 *
 * @param subject the token's {@code sub}: the user's stable id
 * @param username the token's {@code preferred_username}, or the subject when absent
 * @param roles the token's {@code roles}
 */
public record Principal(String subject, String username, Set<String> roles) {

  public Principal {
    roles = Set.copyOf(roles);
  }

  /** Whether the caller holds {@code role}. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
