package dev.orderly.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and the test logs are, and how to reach the local infrastructure. */
final class TestEnvironment {

  static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/";

  private TestEnvironment() {}

  static Path repo() {
    return Path.of(System.getProperty("orderly.repo", "../..")).toAbsolutePath().normalize();
  }

  static Path logs() {
    Path logs = Path.of(System.getProperty("orderly.logs", "target/it-logs"));
    try {
      return Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code hack/infra.sh <command>} (e.g. stopping and starting the broker) and waits for it.
   */
  static void infra(String command) {
    try {
      Process p =
          new ProcessBuilder("bash", repo().resolve("hack/infra.sh").toString(), command)
              .inheritIO()
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("hack/infra.sh " + command + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
