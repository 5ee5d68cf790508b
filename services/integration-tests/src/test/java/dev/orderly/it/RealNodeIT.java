package dev.orderly.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A platform the operator runs on a real node (hack/cluster-e2e.sh sets it up and runs this),
 * disrupted the way clusters disrupt it while customers order through the Ingress: pods deleted,
 * then a new version rolled out, then a burst that a small inventory must be scaled out for. Every
 * accepted order must end CONFIRMED or CANCELLED, none lost or applied twice, read from the
 * platform's own databases through a port-forward.
 *
 * <p>System properties: {@code orderly.cluster.base} (the Ingress's URL, e.g. {@code
 * http://shop.orderly.test}; the JVM resolves its host with {@code jdk.net.hosts.file}), {@code
 * orderly.cluster.namespace}, {@code orderly.cluster.platform} and {@code
 * orderly.cluster.upgradeVersion} (images of that tag are loaded on the node).
 */
@EnabledIfSystemProperty(named = "orderly.cluster.base", matches = ".+")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealNodeIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(10);

  /** The stages of a rollout, each to start only once the one before is ready. */
  private static final List<List<String>> STAGES =
      List.of(List.of("auth"), List.of("orders", "inventory"), List.of("gateway"));

  /**
   * The autoscaling run: orders in the burst and customers placing them at once (about 500 a second
   * through the Ingress), the target backlog per inventory pod, its CPU limit (a pod absorbs far
   * fewer orders a second than that).
   */
  private static final int BURST = 6000;

  private static final int BURST_CUSTOMERS = 32;
  private static final int TARGET_BACKLOG_PER_POD = 100;
  private static final String SMALL_INVENTORY_CPU = "100m";

  private static String namespace;
  private static String platform;
  private static Kubectl.PortForward postgres;
  private static Scenario scenario;
  private static PatientPlacer placer;

  @BeforeAll
  static void connect() {
    String base = System.getProperty("orderly.cluster.base") + "/api";
    namespace = System.getProperty("orderly.cluster.namespace", "shop");
    platform = System.getProperty("orderly.cluster.platform", "shop");
    Map<String, String> passwords = new HashMap<>();
    for (String service : List.of("orders", "inventory")) {
      passwords.put(
          service,
          Kubectl.secret(namespace, platform + "-postgres-credentials", service + "-password"));
    }
    postgres = Kubectl.portForward(namespace, platform + "-postgres", 5432);
    String url = "jdbc:postgresql://127.0.0.1:" + postgres.localPort() + "/";
    ServiceDatabases databases =
        service -> DriverManager.getConnection(url + service, service, passwords.get(service));
    var tokens =
        new Tokens(base, Kubectl.secret(namespace, platform + "-auth-keys", "admin-password"));
    SagaClient client = new SagaClient(base, base + "/inventory", tokens);
    scenario = new Scenario(client, databases);
    placer = new PatientPlacer(client, PATIENCE);
  }

  @AfterAll
  static void disconnect() {
    if (postgres != null) {
      postgres.close();
    }
    if (placer != null) {
      System.out.println(
          "[RealNodeIT] requests sent again, by what the attempt before got: " + placer.resent());
    }
  }

  @Test
  @Order(1)
  void inventoryPodThenRabbitMqPodDeletedMidBurst() {
    String version =
        Kubectl.json("-n", namespace, "get", "orderplatform", platform)
            .path("spec")
            .path("version")
            .asText();
    String widget = scenario.product("widget", 250);
    Set<String> inventoryPods = podUids("inventory");
    Set<String> brokerPods = podUids("rabbitmq");
    AtomicBoolean inventoryDeleted = new AtomicBoolean();
    AtomicBoolean brokerDeleted = new AtomicBoolean();

    List<UUID> orders =
        scenario.burst(
            placer,
            widget,
            300,
            placed -> {
              if (placed == 60 && inventoryDeleted.compareAndSet(false, true)) {
                deletePods("inventory");
              }
              if (placed == 150 && brokerDeleted.compareAndSet(false, true)) {
                deletePods("rabbitmq");
              }
            });
    Awaitility.await("the platform back to Ready with every pod available")
        .atMost(ROLLOUT_TIMEOUT)
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> rolledOut(version));

    assertThat(podUids("inventory"))
        .as("inventory pods after the burst")
        .isNotEmpty()
        .doesNotContainAnyElementsOf(inventoryPods);
    assertThat(podUids("rabbitmq"))
        .as("RabbitMQ pods after the burst")
        .isNotEmpty()
        .doesNotContainAnyElementsOf(brokerPods);
    assertThat(orders).hasSize(300).doesNotHaveDuplicates();
    scenario.assertInvariantsHold();
    // Through the NetworkPolicies, from the operator's pod to each saga service's observe port.
    Awaitility.await("the operator reads each saga service's queues and outbox into the status")
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              JsonNode queues =
                  Kubectl.json("-n", namespace, "get", "orderplatform", platform)
                      .path("status")
                      .path("queues");
              for (String service : List.of("orders", "inventory")) {
                JsonNode read = queues.path(service);
                assertThat(read.path("message").asText())
                    .as(service + ": what could not be read")
                    .isEmpty();
                assertThat(read.path("outboxBacklog").isNumber())
                    .as(service + " outboxBacklog")
                    .isTrue();
                assertThat(read.path("outboxOldestAgeSeconds").asLong(-1))
                    .as(service + " outbox age")
                    .isBetween(0L, 59L);
                assertThat(read.path("backlog").isNumber()).as(service + " queue backlog").isTrue();
              }
            });
    System.out.printf(
        "[RealNodeIT] 300 orders through the deletion of the inventory and RabbitMQ pods: "
            + "all terminal, %d widgets left of 250%n",
        scenario.client().available(widget));
  }

  @Test
  @Order(2)
  void versionChangedUnderLoadRollsOutStageByStageAndLosesNothing() {
    String version = System.getProperty("orderly.cluster.upgradeVersion");
    assertThat(version)
        .as("orderly.cluster.upgradeVersion")
        .isNotBlank()
        .isNotEqualTo(
            Kubectl.json("-n", namespace, "get", "orderplatform", platform)
                .path("spec")
                .path("version")
                .asText());
    String mug = scenario.product("mug", 100_000);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService customers = Executors.newFixedThreadPool(4);
    List<Future<Integer>> placing = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      String customer = scenario.customer("u" + c);
      placing.add(
          customers.submit(
              () -> {
                int placed = 0;
                while (!stop.get()) {
                  scenario.acceptedElsewhere(placer.place(customer, Map.of(mug, 1)));
                  placed++;
                  ServiceProcess.sleep(100);
                }
                return placed;
              }));
    }
    int placed = 0;
    try {
      ServiceProcess.sleep(3000);
      Kubectl.run(
          "-n",
          namespace,
          "patch",
          "orderplatform",
          platform,
          "--type",
          "merge",
          "-p",
          "{\"spec\":{\"version\":\"" + version + "\"}}");
      Awaitility.await("every service rolled out to " + version + " and the platform Ready")
          .atMost(ROLLOUT_TIMEOUT)
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> rolledOut(version));
      ServiceProcess.sleep(3000);
    } finally {
      stop.set(true);
      customers.shutdown();
    }
    for (Future<Integer> f : placing) {
      placed += Awaitility.await().atMost(PATIENCE).until(f::get, n -> true);
    }

    assertThat(placed).as("orders accepted during the rollout").isPositive();
    assertRolledOutStageByStage(version);
    scenario.assertInvariantsHold();
    System.out.printf(
        "[RealNodeIT] rolled out to %s stage by stage; %d orders accepted meanwhile, all terminal%n",
        version, placed);
  }

  /**
   * Inventory made small (a tenth of a CPU) and autoscaled on its backlog: a burst of orders
   * through the Ingress outruns one pod, the operator scales it up, the backlog drains, and once
   * drained and stable it scales back down; nothing lost. The operator's readings, as its status
   * shows them, are written to {@code target/autoscaling-timeline.csv} (docs/operator.md plots it).
   */
  @Test
  @Order(3)
  void inventoryScalesUpOnItsBacklogAndBackDownOnceDrained() throws Exception {
    // Before inventory is made small: a tenth of a CPU answers slower than the gateway waits.
    String gadget = scenario.product("gadget", 100_000);
    Kubectl.run(
        "-n",
        namespace,
        "patch",
        "orderplatform",
        platform,
        "--type",
        "merge",
        "-p",
        """
                {"spec": {"inventory": {"replicas": null,
                  "autoscaling": {"minReplicas": 1, "maxReplicas": 3, "targetBacklogPerReplica": %d,
                                  "scaleDownStabilization": "30s"},
                  "resources": {"requests": {"cpu": "100m"}, "limits": {"cpu": "%s"}}}}}"""
            .formatted(TARGET_BACKLOG_PER_POD, SMALL_INVENTORY_CPU));
    String version =
        Kubectl.json("-n", namespace, "get", "orderplatform", platform)
            .path("spec")
            .path("version")
            .asText();
    Awaitility.await("inventory rolled out small and autoscaled, the platform Ready")
        .atMost(ROLLOUT_TIMEOUT)
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> rolledOut(version) && autoscaling().path("backlog").isNumber());

    Timeline timeline = new Timeline();
    Instant start = Instant.now();
    List<UUID> orders;
    try (timeline) {
      orders = scenario.burst(placer, gadget, BURST, BURST_CUSTOMERS, placed -> {});
      System.out.printf(
          "[RealNodeIT] %d orders placed in %d s%n",
          BURST, Duration.between(start, Instant.now()).toSeconds());
      Awaitility.await("inventory back to 1 pod with its backlog drained")
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () ->
                  timeline.peakReplicas() > 1
                      && inventoryReplicas() == 1
                      && autoscaling().path("backlog").asLong(-1) == 0);
    }
    timeline.write(Path.of("target/autoscaling-timeline.csv"));

    assertThat(orders).hasSize(BURST).doesNotHaveDuplicates();
    assertThat(timeline.peakBacklog())
        .as("the backlog the operator read at its peak")
        .isGreaterThan(TARGET_BACKLOG_PER_POD);
    assertThat(timeline.peakReplicas()).as("inventory pods at the peak").isBetween(2, 3);
    // A saturated pod at a tenth of a CPU may miss its readiness probes, and with no inventory pod
    // ready the platform is rightly not Ready; pods still starting beside a ready one are not.
    assertThat(timeline.notReadyWhileScaling())
        .as("samples not Ready with an inventory pod ready: scaling is not a rollout")
        .isEmpty();
    assertThat(eventMessages("ScaledUp")).as("ScaledUp Events").isNotEmpty();
    assertThat(eventMessages("ScaledDown")).as("ScaledDown Events").isNotEmpty();
    scenario.assertInvariantsHold();
    System.out.printf(
        "[RealNodeIT] autoscaling: peak backlog %d, peak %d pods; %s; %s%n",
        timeline.peakBacklog(),
        timeline.peakReplicas(),
        eventMessages("ScaledUp"),
        eventMessages("ScaledDown"));
  }

  /**
   * The database's generated credentials Secret deleted: the operator must not generate new
   * passwords that PostgreSQL, which keeps the old ones on its volume, would refuse at the next
   * start; it reports the loss while the platform keeps serving, and carries on once the Secret is
   * restored.
   */
  @Test
  @Order(4)
  void aDeletedDatabaseSecretIsReportedNotRegeneratedAndTheRestoredOneTakenBack() throws Exception {
    String secretName = platform + "-postgres-credentials";
    ObjectNode saved = (ObjectNode) Kubectl.json("-n", namespace, "get", "secret", secretName);
    ObjectNode metadata = (ObjectNode) saved.path("metadata");
    metadata.remove(List.of("resourceVersion", "uid", "creationTimestamp", "managedFields"));
    Path copy = Files.createTempFile("postgres-credentials", ".json");
    Files.writeString(copy, saved.toString());

    Kubectl.run("-n", namespace, "delete", "secret", secretName);
    Awaitility.await("the platform reports the lost credentials")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> condition("Degraded").path("reason").asText().equals("CredentialsLost"));
    assertThat(condition("Degraded").path("message").asText())
        .contains(secretName, "data-" + platform + "-postgres-0");
    assertThat(Kubectl.run("-n", namespace, "get", "secret", "--ignore-not-found", secretName))
        .as("no new passwords generated over the old database")
        .isBlank();
    String mug = scenario.product("mug-after-loss", 10);
    String customer = scenario.customer("after-loss");
    UUID order = placer.place(customer, Map.of(mug, 1));
    scenario.acceptedElsewhere(order);
    scenario.awaitStatus(customer, order, "CONFIRMED");

    Kubectl.run("create", "-f", copy.toString());
    Files.delete(copy);
    Awaitility.await("the platform Ready again with the restored Secret")
        .atMost(PATIENCE)
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> condition("Ready").path("status").asText().equals("True"));
    scenario.assertInvariantsHold();
  }

  private static JsonNode condition(String type) {
    for (JsonNode condition :
        Kubectl.json("-n", namespace, "get", "orderplatform", platform)
            .path("status")
            .path("conditions")) {
      if (condition.path("type").asText().equals(type)) {
        return condition;
      }
    }
    return MissingNode.getInstance();
  }

  /** status.autoscaling.inventory of the platform: the operator's last reading and decision. */
  private static JsonNode autoscaling() {
    return Kubectl.json("-n", namespace, "get", "orderplatform", platform)
        .path("status")
        .path("autoscaling")
        .path("inventory");
  }

  private static int inventoryReplicas() {
    return Kubectl.json("-n", namespace, "get", "deployment", platform + "-inventory")
        .path("spec")
        .path("replicas")
        .asInt();
  }

  private static List<String> eventMessages(String reason) {
    List<String> messages = new ArrayList<>();
    for (JsonNode event :
        Kubectl.json(
                "-n",
                namespace,
                "get",
                "events",
                "--field-selector",
                "involvedObject.kind=OrderPlatform,reason=" + reason)
            .path("items")) {
      messages.add(event.path("message").asText());
    }
    return messages;
  }

  /** Samples, every second until closed, the operator's reading and the inventory pods. */
  private static final class Timeline implements AutoCloseable {

    private final Instant start = Instant.now();
    private final List<String> rows = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong peakBacklog = new AtomicLong();
    private final AtomicInteger peakReplicas = new AtomicInteger();
    private static final Pattern INVENTORY_PODS =
        Pattern.compile("inventory \\((\\d+)/\\d+ ready\\)");
    private final List<String> notReady = new CopyOnWriteArrayList<>();
    private final Thread sampler = Thread.ofVirtual().start(this::sample);

    private void sample() {
      while (!stop.get()) {
        try {
          record();
        } catch (RuntimeException | AssertionError e) {
          System.out.println("[RealNodeIT] timeline: a sample failed: " + e.getMessage());
        }
        ServiceProcess.sleep(1000);
      }
    }

    private void record() {
      JsonNode platformStatus =
          Kubectl.json("-n", namespace, "get", "orderplatform", platform).path("status");
      JsonNode reading = platformStatus.path("autoscaling").path("inventory");
      JsonNode deployment =
          Kubectl.json("-n", namespace, "get", "deployment", platform + "-inventory");
      long backlog = reading.path("backlog").asLong();
      int replicas = deployment.path("spec").path("replicas").asInt();
      int ready = deployment.path("status").path("readyReplicas").asInt();
      peakBacklog.accumulateAndGet(backlog, Math::max);
      peakReplicas.accumulateAndGet(replicas, Math::max);
      for (JsonNode condition : platformStatus.path("conditions")) {
        String message = condition.path("message").asText();
        var inventory = INVENTORY_PODS.matcher(message);
        if (condition.path("type").asText().equals("Ready")
            && !condition.path("status").asText().equals("True")
            && inventory.find()
            && Integer.parseInt(inventory.group(1)) > 0) {
          notReady.add(condition.path("reason").asText() + ": " + message);
        }
      }
      rows.add(
          "%.1f,%d,%d,%d,%.1f,%.1f"
              .formatted(
                  Duration.between(start, Instant.now()).toMillis() / 1000.0,
                  backlog,
                  replicas,
                  ready,
                  reading.path("publishRate").asDouble(),
                  reading.path("consumeRate").asDouble()));
    }

    long peakBacklog() {
      return peakBacklog.get();
    }

    int peakReplicas() {
      return peakReplicas.get();
    }

    List<String> notReadyWhileScaling() {
      return notReady;
    }

    void write(Path file) throws IOException {
      Files.createDirectories(file.toAbsolutePath().getParent());
      List<String> lines = new ArrayList<>();
      lines.add("seconds,backlog,replicas,ready,publish_rate,consume_rate");
      lines.addAll(rows);
      Files.write(file, lines);
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      sampler.join();
    }
  }

  private static Set<String> podUids(String component) {
    Set<String> uids = new HashSet<>();
    for (JsonNode pod :
        Kubectl.json("-n", namespace, "get", "pods", "-l", selector(component)).path("items")) {
      uids.add(pod.path("metadata").path("uid").asText());
    }
    return uids;
  }

  /** The label selector of every object of the platform. */
  private static String instance() {
    return "app.kubernetes.io/instance=" + platform;
  }

  private static String selector(String component) {
    return instance() + ",app.kubernetes.io/name=" + component;
  }

  /** Deletes the component's pods the way an eviction does (gracefully), without waiting. */
  private static void deletePods(String component) {
    Kubectl.run("-n", namespace, "delete", "pod", "--wait=false", "-l", selector(component));
  }

  /**
   * Every service Deployment runs {@code version} on all its pods with none of another version left
   * (what kubectl rollout status waits for), both stores' pods are ready, and the platform is
   * Ready.
   */
  private static boolean rolledOut(String version) {
    JsonNode deployments =
        Kubectl.json("-n", namespace, "get", "deployments", "-l", instance()).path("items");
    if (deployments.size() != 4) {
      return false;
    }
    for (JsonNode d : deployments) {
      JsonNode status = d.path("status");
      int desired = d.path("spec").path("replicas").asInt(1);
      boolean done =
          image(d.path("spec").path("template")).endsWith(":" + version)
              && status.path("observedGeneration").asLong()
                  >= d.path("metadata").path("generation").asLong()
              && status.path("updatedReplicas").asInt() == desired
              && status.path("replicas").asInt() == desired
              && status.path("availableReplicas").asInt() == desired;
      if (!done) {
        return false;
      }
    }
    for (JsonNode sts :
        Kubectl.json("-n", namespace, "get", "statefulsets", "-l", instance()).path("items")) {
      JsonNode status = sts.path("status");
      int desired = sts.path("spec").path("replicas").asInt(1);
      if (status.path("observedGeneration").asLong()
              < sts.path("metadata").path("generation").asLong()
          || status.path("readyReplicas").asInt() != desired) {
        return false;
      }
    }
    for (JsonNode condition :
        Kubectl.json("-n", namespace, "get", "orderplatform", platform)
            .path("status")
            .path("conditions")) {
      if (condition.path("type").asText().equals("Ready")) {
        return condition.path("status").asText().equals("True");
      }
    }
    return false;
  }

  /**
   * The operator changed a stage's Deployments (the moment their first pod of the new version was
   * created) only once every pod of the stage before ran the new version and was Ready. Pods, not
   * ReplicaSets: rolling back to an earlier template scales its old ReplicaSet up again.
   */
  private static void assertRolledOutStageByStage(String version) {
    Map<String, Instant> started = new HashMap<>();
    Map<String, Instant> ready = new HashMap<>();
    for (JsonNode pod :
        Kubectl.json("-n", namespace, "get", "pods", "-l", instance()).path("items")) {
      if (!image(pod).endsWith(":" + version)) {
        continue;
      }
      started.merge(
          component(pod),
          Instant.parse(pod.path("metadata").path("creationTimestamp").asText()),
          (a, b) -> a.isBefore(b) ? a : b);
      for (JsonNode condition : pod.path("status").path("conditions")) {
        if (condition.path("type").asText().equals("Ready")
            && condition.path("status").asText().equals("True")) {
          ready.merge(
              component(pod),
              Instant.parse(condition.path("lastTransitionTime").asText()),
              (a, b) -> a.isAfter(b) ? a : b);
        }
      }
    }
    System.out.printf(
        "[RealNodeIT] rollout to %s: first pod created %s, last pod ready %s%n",
        version, started, ready);
    for (int s = 1; s < STAGES.size(); s++) {
      for (String before : STAGES.get(s - 1)) {
        for (String after : STAGES.get(s)) {
          assertThat(started.get(after))
              .as("%s started rolling out to %s", after, version)
              .isNotNull();
          assertThat(ready.get(before)).as("%s ready on %s", before, version).isNotNull();
          // Both times are whole seconds, so equal means "within the same second".
          assertThat(started.get(after))
              .as("%s started only once %s was ready", after, before)
              .isAfterOrEqualTo(ready.get(before));
        }
      }
    }
  }

  private static String component(JsonNode object) {
    return object.path("metadata").path("labels").path("app.kubernetes.io/name").asText();
  }

  /** The first container's image of a pod or pod template. */
  private static String image(JsonNode podOrTemplate) {
    return podOrTemplate.path("spec").path("containers").path(0).path("image").asText();
  }
}
