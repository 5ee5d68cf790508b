package dev.orderly.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the Orderly operator against the cluster of the in-cluster config or KUBECONFIG. */
public final class OperatorMain {

  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws IOException {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Operator operator = OrderlyOperator.create(client, settings, metrics);
    HealthServer health =
        HealthServer.start(settings.healthPort(), operator.getRuntimeInfo(), metrics);
    Runtime.getRuntime().addShutdownHook(new Thread(health::close, "health-server-stop"));
    operator.installShutdownHook(Duration.ofSeconds(10));
    LOG.info(
        "Starting the Orderly operator: namespaces={}, registry={}, leaderElection={}, health port {}",
        settings.watchesAllNamespaces() ? "all" : settings.watchNamespaces(),
        settings.images().registry(),
        settings.leaderElection(),
        health.port());
    operator.start();
  }
}
