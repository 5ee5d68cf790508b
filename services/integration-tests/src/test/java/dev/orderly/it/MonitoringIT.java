package dev.orderly.it;

import static dev.orderly.it.Scenario.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's alert rules and Grafana dashboard against what the platform really exports: a real
 * Prometheus scrapes the four services and RabbitMQ the way a platform's PodMonitor does (same
 * paths, same {@code namespace}/{@code platform}/{@code component} labels) and loads the rules file
 * the chart ships. Every rule must load and evaluate, every series a rule or a panel names must be
 * scraped, every panel query must return data, and promtool's unit tests of the rules must pass.
 */
class MonitoringIT {

  private static final Path CHART_FILES =
      TestEnvironment.repo().resolve("helm/orderly-operator/files");
  private static final Path RULES = CHART_FILES.resolve("prometheus-rules.yaml");
  private static final Path DASHBOARD = CHART_FILES.resolve("grafana-dashboard.json");
  private static final Set<String> ALERTS =
      Set.of(
          "OrderlyDeadLetters",
          "OrderlyQueueBacklog",
          "OrderlyOutboxStale",
          "OrderlySagaTimeouts",
          "OrderlyGatewayErrors",
          "OrderlyCircuitOpen");

  /** Panels that show an incident, empty while nothing goes wrong. */
  private static final Set<String> EMPTY_WHEN_HEALTHY = Set.of("Orders timed out");

  private static final Pattern SELECTED_METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
  private static final Duration SCRAPED = Duration.ofSeconds(60);

  @TempDir static Path workDir;
  private static Platform platform;
  private static ServiceProcess gateway;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void start() throws IOException {
    platform = Platform.start();
    gateway = platform.gateway(Map.of());
    SagaClient client = platform.clientThrough(gateway);
    Scenario scenario = new Scenario(client);
    String widget = scenario.product("widget", 3);
    String customer = scenario.customer("monitored");
    UUID confirmed = scenario.place(customer, items(widget, 2));
    UUID outOfStock = scenario.place(customer, items(widget, 5));
    scenario.awaitStatus(customer, confirmed, "CONFIRMED");
    scenario.awaitStatus(customer, outOfStock, "CANCELLED");
    prometheus = PrometheusServer.start(workDir, config());
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (gateway != null) {
      gateway.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  /**
   * Scrapes as the PodMonitor does: each service's observe endpoint and RabbitMQ's per-queue
   * metrics.
   */
  private static String config() {
    Map<String, ServiceProcess> services = new LinkedHashMap<>();
    services.put("gateway", gateway);
    services.put("auth", platform.auth);
    services.put("orders", platform.orders.getFirst());
    services.put("inventory", platform.inventory.getFirst());
    StringBuilder targets = new StringBuilder();
    services.forEach(
        (component, process) ->
            targets.append(
                """
                      - targets: ['%s']
                        labels: {namespace: it, platform: it, component: %s, pod: %s-0}
                """
                    .formatted(process.uri().getAuthority(), component, component)));
    return """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ['%s']
                scrape_configs:
                  - job_name: orderly
                    metrics_path: /observe/metrics
                    static_configs:
                %s
                  - job_name: rabbitmq
                    metrics_path: /metrics/detailed
                    params: {family: [queue_coarse_metrics, queue_consumer_count]}
                    static_configs:
                      - targets: ['127.0.0.1:15692']
                        labels: {namespace: it, platform: it, component: rabbitmq, pod: rabbitmq-0}
                """
        .formatted(RULES, targets);
  }

  @Test
  void theRulesPassPromtoolsChecksAndTheirUnitTests() throws Exception {
    PrometheusServer.ToolResult check =
        PrometheusServer.promtool(CHART_FILES, "check", "rules", RULES.toString());
    assertThat(check.exitCode()).as(check.output()).isZero();
    PrometheusServer.ToolResult tests =
        PrometheusServer.promtool(CHART_FILES, "test", "rules", "prometheus-rules.test.yaml");
    assertThat(tests.exitCode()).as(tests.output()).isZero();
    assertThat(tests.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertLoadsAndEvaluatesWithoutError() {
    await()
        .atMost(SCRAPED)
        .untilAsserted(
            () -> {
              List<JsonNode> rules = rules();
              assertThat(rules)
                  .extracting(r -> r.path("name").asText())
                  .containsExactlyInAnyOrderElementsOf(ALERTS);
              for (JsonNode rule : rules) {
                assertThat(rule.path("health").asText())
                    .as(rule.path("name") + ": " + rule.path("lastError"))
                    .isEqualTo("ok");
                assertThat(rule.path("lastEvaluation").asText())
                    .as(rule.path("name") + " evaluated")
                    .doesNotStartWith("0001");
              }
            });
  }

  @Test
  void everySeriesTheAlertsAndTheDashboardSelectIsScraped() throws IOException {
    Set<String> names = new TreeSet<>();
    rules().forEach(rule -> names.addAll(selectedMetrics(rule.path("query").asText())));
    dashboardQueries()
        .values()
        .forEach(exprs -> exprs.forEach(expr -> names.addAll(selectedMetrics(expr))));
    assertThat(names).as("metrics the rules and panels select").hasSizeGreaterThan(10);
    await()
        .atMost(SCRAPED)
        .untilAsserted(
            () -> {
              List<String> missing =
                  names.stream()
                      .filter(
                          name ->
                              prometheus
                                  .query("count({__name__=\"" + name + "\", namespace=\"it\"})")
                                  .isEmpty())
                      .toList();
              assertThat(missing).as("selected but never scraped").isEmpty();
            });
  }

  @Test
  void everyDashboardPanelShowsDataOfTheRunningPlatform() throws IOException {
    Map<String, List<String>> panels = dashboardQueries();
    assertThat(panels).hasSizeGreaterThan(10);
    await()
        .atMost(SCRAPED)
        .untilAsserted(
            () -> {
              List<String> empty = new ArrayList<>();
              panels.forEach(
                  (title, exprs) -> {
                    boolean shows = false;
                    for (String expr : exprs) {
                      // The API refuses a query it cannot parse (PrometheusServer fails the test
                      // with its error).
                      shows |= !prometheus.query(asGrafanaSends(expr)).isEmpty();
                    }
                    if (!shows && !EMPTY_WHEN_HEALTHY.contains(title)) {
                      empty.add(title);
                    }
                  });
              assertThat(empty).as("panels without data").isEmpty();
            });
  }

  private static List<JsonNode> rules() {
    List<JsonNode> rules = new ArrayList<>();
    prometheus
        .api("rules")
        .path("groups")
        .forEach(group -> group.path("rules").forEach(rules::add));
    return rules;
  }

  /** Each panel's queries by its title. */
  private static Map<String, List<String>> dashboardQueries() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    Map<String, List<String>> panels = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      List<String> exprs =
          StreamSupport.stream(panel.path("targets").spliterator(), false)
              .map(t -> t.path("expr").asText())
              .toList();
      if (!exprs.isEmpty()) {
        panels.put(panel.path("title").asText(), exprs);
      }
    }
    return panels;
  }

  /** The query with the dashboard's variables as Grafana fills them in for this platform. */
  private static String asGrafanaSends(String expr) {
    return expr.replace("$namespace", "it")
        .replace("$platform", "it")
        .replace("$__rate_interval", "30s");
  }

  private static Set<String> selectedMetrics(String expr) {
    Set<String> names = new TreeSet<>();
    Matcher m = SELECTED_METRIC.matcher(expr);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
