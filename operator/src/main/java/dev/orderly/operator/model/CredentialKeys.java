package dev.orderly.operator.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Keys of the per-service credentials in the database's and the broker's Secrets, generated or
 * external.
 */
final class CredentialKeys {

  private CredentialKeys() {}

  /** Key of a service's username in an external Secret. */
  static String username(Component service) {
    return service.id() + "-username";
  }

  /** Key of a service's password in a generated or external Secret. */
  static String password(Component service) {
    return service.id() + "-password";
  }

  /** Keys an external Secret must hold: a username and a password per service, in that order. */
  static List<String> usernamesAndPasswords(List<Component> services) {
    List<String> keys = new ArrayList<>();
    for (Component service : services) {
      keys.add(username(service));
      keys.add(password(service));
    }
    return keys;
  }
}
