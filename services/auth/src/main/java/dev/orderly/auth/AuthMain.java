package dev.orderly.auth;

import dev.orderly.common.config.Settings;

/** Starts the auth service. */
public final class AuthMain {

  private AuthMain() {}

  public static void main(String[] args) {
    start(Settings.load());
  }

  /** Starts the service with {@code settings}; also used by tests. */
  public static AuthService start(Settings settings) {
    return AuthService.start(settings);
  }
}
