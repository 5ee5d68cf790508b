package dev.orderly.auth;

import java.util.List;

/**
 * A client registered for the client_credentials grant. {@link #toString()} never shows the hash.
 *
 * @param clientId its {@code client_id}, also the {@code sub} of its tokens
 * @param secretHash the secret's hash (a PHC string, as for passwords)
 * @param roles the roles its tokens carry
 */
public record Client(String clientId, String secretHash, List<String> roles) {

  public Client {
    roles = List.copyOf(roles);
  }

  @Override
  public String toString() {
    return "Client[clientId=" + clientId + ", roles=" + roles + "]";
  }
}
