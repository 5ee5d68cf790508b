package dev.orderly.common.observability;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Routes java.util.logging (Helidon's own logs) into SLF4J so every line has one format. */
public final class Logging {

  private Logging() {}

  /** Installs the bridge once. */
  public static synchronized void init() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
