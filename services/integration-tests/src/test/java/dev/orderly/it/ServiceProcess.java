package dev.orderly.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** One service running as its packaged jar in a child process, as it runs in production. */
final class ServiceProcess implements AutoCloseable {

  private static final AtomicInteger STARTS = new AtomicInteger();

  private final String name;
  private final Path jar;
  private final Map<String, String> env;
  private final int port;
  private Process process;
  private Path log;

  private ServiceProcess(String name, Path jar, Map<String, String> env, int port) {
    this.name = name;
    this.jar = jar;
    this.env = env;
    this.port = port;
  }

  /** Starts {@code service} (orders, inventory) on a free port and waits until it is ready. */
  static ServiceProcess start(String service, Map<String, String> env) {
    return start(service, freePort(), env);
  }

  /**
   * Starts {@code service} on {@code port} (a URL naming it can be in {@code env}) and waits until
   * it is ready.
   */
  static ServiceProcess start(String service, int port, Map<String, String> env) {
    Path jar =
        TestEnvironment.repo()
            .resolve("services/" + service + "/target/orderly-" + service + ".jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar + " is missing: build with ./mvnw verify from the repository root");
    }
    ServiceProcess p = new ServiceProcess(service, jar, new HashMap<>(env), port);
    p.launch();
    return p;
  }

  private void launch() {
    log =
        TestEnvironment.logs().resolve(name + "-" + port + "-" + STARTS.incrementAndGet() + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("SERVER_PORT", Integer.toString(port));
    pb.environment().put("SERVER_HOST", "127.0.0.1");
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    awaitReady(Duration.ofSeconds(60));
  }

  private void awaitReady(Duration timeout) {
    Processes.awaitOk(name, process, uri().resolve("/observe/health/ready"), timeout, log);
  }

  /** The service's base URI. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The log file of the current run. */
  Path log() {
    return log;
  }

  /** SIGKILL: no shutdown hooks, no goodbyes. */
  void killHard() {
    Processes.stop(process, true, Duration.ofSeconds(30));
  }

  /** SIGTERM and wait for a clean exit. */
  void stop() {
    if (process != null && process.isAlive()) {
      Processes.stop(process, false, Duration.ofSeconds(30));
    }
  }

  /** Starts the service again on the same port with the same configuration. */
  void restart() {
    stop();
    launch();
  }

  @Override
  public void close() {
    stop();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
