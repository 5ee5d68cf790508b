package dev.orderly.gateway;

import dev.orderly.common.config.Settings;

/** Starts the API gateway. */
public final class GatewayMain {

  private GatewayMain() {}

  public static void main(String[] args) {
    start(Settings.load());
  }

  /** Starts the gateway with {@code settings}; also used by tests. */
  public static Gateway start(Settings settings) {
    return Gateway.start(settings);
  }
}
