package dev.orderly.operator.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Optional;

/**
 * A real kube-apiserver + etcd started by {@code io.fabric8:kube-api-test} from binaries laid out
 * by {@code hack/kube-testenv.sh build} under {@code ~/.kubeapitest/k8s/<version>-linux-amd64/}.
 */
final class ApiServerCluster implements TestCluster {

  private static final int STARTUP_TIMEOUT_SECONDS = 60;

  private final KubeAPIServer server;
  private final KubernetesClient client;
  private final String version;

  private ApiServerCluster(KubeAPIServer server, KubernetesClient client, String version) {
    this.server = server;
    this.client = client;
    this.version = version;
  }

  /** Whether kube-api-test binaries are installed. */
  static boolean binariesAvailable() {
    return installedVersion().isPresent();
  }

  static ApiServerCluster start() {
    String version =
        installedVersion()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no kube-apiserver, etcd and kubectl under "
                            + testDir().resolve("k8s")
                            + "/<version>-linux-amd64; run hack/kube-testenv.sh build"));
    waitOutMidnight();
    var config =
        KubeAPIServerConfigBuilder.anAPIServerConfig()
            .withTestDir(testDir().toString())
            .withApiServerVersion(version)
            // Set in code: the KUBE_API_TEST_OFFLINE_MODE variable throws a ClassCastException in
            // 7.5.2.
            .withOfflineMode(true)
            .withUpdateKubeConfig(false)
            .withStartupTimeout(STARTUP_TIMEOUT_SECONDS * 1000)
            .build();
    var server = new KubeAPIServer(config);
    try {
      server.start();
    } catch (RuntimeException e) {
      // etcd and the API server may be running already: never leave them behind.
      try {
        server.stop();
      } catch (RuntimeException stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw e;
    }
    var client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
    return new ApiServerCluster(server, client, version);
  }

  /** A kubeconfig with cluster-admin rights on this API server, for tools such as Helm. */
  String kubeConfigYaml() {
    return server.getKubeConfigYaml();
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public boolean isRealApiServer() {
    return true;
  }

  @Override
  public String description() {
    return "kube-apiserver " + version + " (kube-api-test)";
  }

  @Override
  public void waitUntilEstablished(String crdName) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var crd =
                  client.apiextensions().v1().customResourceDefinitions().withName(crdName).get();
              return crd != null
                  && crd.getStatus() != null
                  && crd.getStatus().getConditions().stream()
                      .anyMatch(
                          c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
            });
  }

  @Override
  public void close() {
    client.close();
    server.stop();
  }

  /**
   * kube-api-test 7.5.2 times its readiness wait with {@link LocalTime}, which wraps at midnight: a
   * start in the last {@value #STARTUP_TIMEOUT_SECONDS} s of the day fails at once with "did not
   * start properly". Such a start waits until the day has turned.
   */
  private static void waitOutMidnight() {
    LocalTime now = LocalTime.now();
    LocalTime windowStart = LocalTime.MIDNIGHT.minusSeconds(STARTUP_TIMEOUT_SECONDS + 5);
    if (now.isAfter(windowStart)) {
      long millis = Duration.between(now, LocalTime.MAX).toMillis() + 1_000;
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static Path testDir() {
    String configured = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR);
    return configured != null && !configured.isBlank()
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME);
  }

  /** The newest {@code <version>-linux-amd64} directory holding the three binaries. */
  private static Optional<String> installedVersion() {
    File[] dirs = testDir().resolve("k8s").toFile().listFiles(File::isDirectory);
    if (dirs == null) {
      return Optional.empty();
    }
    return Arrays.stream(dirs)
        .filter(dir -> dir.getName().endsWith("-linux-amd64"))
        .filter(
            dir ->
                Files.isExecutable(dir.toPath().resolve("kube-apiserver"))
                    && Files.isExecutable(dir.toPath().resolve("etcd"))
                    && Files.isExecutable(dir.toPath().resolve("kubectl")))
        .map(dir -> dir.getName().substring(0, dir.getName().length() - "-linux-amd64".length()))
        .max(ApiServerCluster::compareVersions);
  }

  private static int compareVersions(String a, String b) {
    int[] x = Arrays.stream(a.split("\\.")).mapToInt(ApiServerCluster::number).toArray();
    int[] y = Arrays.stream(b.split("\\.")).mapToInt(ApiServerCluster::number).toArray();
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] != y[i]) {
        return Integer.compare(x[i], y[i]);
      }
    }
    return Integer.compare(x.length, y.length);
  }

  private static int number(String part) {
    String digits = part.replaceAll("[^0-9].*$", "");
    return digits.isEmpty() ? 0 : Integer.parseInt(digits);
  }
}
