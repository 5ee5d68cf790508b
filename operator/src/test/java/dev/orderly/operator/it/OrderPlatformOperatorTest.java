package dev.orderly.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.orderly.operator.HealthServer;
import dev.orderly.operator.OperatorSettings;
import dev.orderly.operator.OrderlyOperator;
import dev.orderly.operator.api.v1alpha1.AutoscalingStatus;
import dev.orderly.operator.api.v1alpha1.IngressStatus;
import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.api.v1alpha1.OrderPlatformSpec;
import dev.orderly.operator.api.v1alpha1.OrderPlatformStatus;
import dev.orderly.operator.api.v1alpha1.OrdersSpec;
import dev.orderly.operator.api.v1alpha1.Phase;
import dev.orderly.operator.api.v1alpha1.QueueStatus;
import dev.orderly.operator.fixtures.OrderPlatforms;
import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.Images;
import dev.orderly.operator.model.Labels;
import dev.orderly.operator.model.Secrets;
import dev.orderly.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator reconciling OrderPlatforms on a {@link TestCluster}: a real API server with
 * server-side apply when its binaries are installed, the fabric8 CRUD mock otherwise. Nothing runs
 * pods here, so the tests play the workload controllers through {@link Readiness}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderPlatformOperatorTest {

  private static final Logger LOG = LoggerFactory.getLogger(OrderPlatformOperatorTest.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(45);
  private static final String NAME = "shop";
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static final Duration AUTOSCALING_INTERVAL = Duration.ofMillis(500);
  private static final String INVENTORY_QUEUE = "inventory.order-events";

  private final StubQueues queues = new StubQueues();
  private final StubOutboxes outboxes = new StubOutboxes();

  private TestCluster cluster;
  private KubernetesClient client;
  private Operator operator;
  private HealthServer health;
  private PrometheusMeterRegistry metrics;
  private boolean prometheusOperatorInstalled;
  private boolean kedaInstalled;

  @BeforeAll
  void startOperator() throws IOException {
    cluster = TestCluster.start();
    LOG.info("Operator integration tests run on the {}", cluster.description());
    client = cluster.client();
    cluster.installCrd();
    var settings =
        new OperatorSettings(
            Set.of(),
            new Images("registry.test/orderly", Images.DEFAULT_POSTGRES, Images.DEFAULT_RABBITMQ),
            0,
            false,
            null,
            cluster.isRealApiServer(),
            AUTOSCALING_INTERVAL,
            AUTOSCALING_INTERVAL);
    metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    operator = OrderlyOperator.create(client, settings, metrics, true, queues, outboxes);
    operator.start();
    health = HealthServer.start(0, operator.getRuntimeInfo(), metrics);
  }

  @AfterAll
  void stopOperator() {
    if (health != null) {
      health.close();
    }
    if (operator != null) {
      operator.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void createsEveryChildStageByStageAndReportsReadyWhenTheyAre() {
    String ns = newNamespace();
    String uid =
        client
            .resource(
                OrderPlatforms.withSpec(NAME, ns, OrderPlatforms.withIngress("shop.localtest.me")))
            .create()
            .getMetadata()
            .getUid();

    awaitExists(
        Secret.class,
        ns,
        "shop-postgres-credentials",
        "shop-rabbitmq-credentials",
        "shop-auth-keys",
        "shop-rabbitmq-definitions");
    awaitExists(ConfigMap.class, ns, "shop-postgres-init", "shop-rabbitmq-config");
    awaitExists(
        Service.class,
        ns,
        "shop-postgres",
        "shop-postgres-headless",
        "shop-rabbitmq",
        "shop-rabbitmq-headless");
    awaitExists(StatefulSet.class, ns, "shop-postgres", "shop-rabbitmq");
    assertThat(get(Deployment.class, ns, "shop-auth"))
        .as("auth waits for the database and broker to be ready")
        .isNull();
    assertThat(statusOf(ns).phase()).isIn(Phase.Pending, Phase.Provisioning);

    Readiness.statefulSetReady(client, ns, "shop-postgres");
    Readiness.statefulSetReady(client, ns, "shop-rabbitmq");
    awaitExists(Deployment.class, ns, "shop-auth");
    assertThat(get(Deployment.class, ns, "shop-orders"))
        .as("orders waits for auth to be ready")
        .isNull();

    Readiness.deploymentReady(client, ns, "shop-auth");
    awaitExists(Deployment.class, ns, "shop-orders", "shop-inventory");
    assertThat(get(Deployment.class, ns, "shop-gateway"))
        .as("the gateway waits for orders and inventory")
        .isNull();

    Readiness.deploymentReady(client, ns, "shop-orders");
    Readiness.deploymentReady(client, ns, "shop-inventory");
    awaitExists(Deployment.class, ns, "shop-gateway");
    assertThat(conditionStatus(ns, Conditions.READY))
        .as("never Ready while the gateway is not")
        .isNotEqualTo("True");

    Readiness.deploymentReady(client, ns, "shop-gateway");
    awaitExists(Ingress.class, ns, "shop-gateway");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(statusOf(ns).ingress()).isEqualTo(new IngressStatus(false, null)));
    assertThat(conditionStatus(ns, Conditions.READY))
        .as("never Ready while no Ingress controller took the Ingress")
        .isNotEqualTo("True");

    Readiness.ingressAdmitted(client, ns, "shop-gateway");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              var status = statusOf(ns);
              assertThat(status.phase()).isEqualTo(Phase.Running);
              assertThat(Conditions.isTrue(status.conditions(), Conditions.READY)).isTrue();
              assertThat(status.ingress()).isEqualTo(new IngressStatus(true, "192.0.2.10"));
              assertThat(status.endpoint()).isEqualTo("http://shop.localtest.me");
              assertThat(status.components().get("gateway").ready()).isEqualTo(2);
              assertThat(status.components().get("gateway").version())
                  .isEqualTo(OrderPlatforms.VERSION);
            });

    awaitExists(Service.class, ns, "shop-auth", "shop-orders", "shop-inventory", "shop-gateway");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(names(PodDisruptionBudget.class, ns))
                  .containsExactlyInAnyOrder(
                      "shop-gateway", "shop-orders", "shop-postgres", "shop-rabbitmq");
              assertThat(names(NetworkPolicy.class, ns))
                  .containsExactlyInAnyOrder(
                      "shop-gateway",
                      "shop-auth",
                      "shop-orders",
                      "shop-inventory",
                      "shop-postgres",
                      "shop-rabbitmq");
            });
    Stream.of(
            Secret.class,
            ConfigMap.class,
            Service.class,
            StatefulSet.class,
            Deployment.class,
            Ingress.class,
            PodDisruptionBudget.class,
            NetworkPolicy.class)
        .flatMap(
            type ->
                client
                    .resources(type)
                    .inNamespace(ns)
                    .withLabel(Labels.INSTANCE, NAME)
                    .list()
                    .getItems()
                    .stream())
        .forEach(
            child ->
                assertThat(child.getMetadata().getOwnerReferences())
                    .as("owner of %s %s", child.getKind(), child.getMetadata().getName())
                    .extracting(OwnerReference::getUid)
                    .containsExactly(uid));
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(eventReasons(ns)).contains("Created", "PlatformReady", "RiskySpec"));
    assertThat(eventReasons(ns))
        .as(
            "children equal to the desired state are not rewritten (a normalization mismatch re-applies them forever)")
        .doesNotContain("Updated");
    Map<String, Long> generations = new LinkedHashMap<>();
    for (String service : List.of("shop-auth", "shop-orders", "shop-inventory", "shop-gateway")) {
      generations.put(service, get(Deployment.class, ns, service).getMetadata().getGeneration());
    }
    client
        .resources(OrderPlatform.class)
        .inNamespace(ns)
        .withName(NAME)
        .edit(
            edited -> {
              edited.setSpec(OrderPlatforms.spec(OrderPlatforms.VERSION));
              return edited;
            });
    // Without an Ingress clients reach auth at the gateway's Service: the issuer moves and every
    // service rolls, in order; the gateway also believes no forwarded headers. The Ingress goes
    // after.
    generations.forEach(
        (service, before) -> {
          await()
              .atMost(TIMEOUT)
              .until(
                  () -> get(Deployment.class, ns, service).getMetadata().getGeneration() > before);
          assertThat(
                  get(Deployment.class, ns, service)
                      .getSpec()
                      .getTemplate()
                      .getSpec()
                      .getContainers()
                      .getFirst()
                      .getEnv())
              .as(service)
              .contains(
                  new EnvVar(
                      "AUTH_ISSUER", "http://shop-gateway." + ns + ".svc:8080/api/auth", null));
          Readiness.deploymentReady(client, ns, service);
        });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(get(Ingress.class, ns, "shop-gateway"))
                  .as("Ingress removed with spec.ingress")
                  .isNull();
              assertThat(statusOf(ns).endpoint())
                  .isEqualTo("http://shop-gateway." + ns + ".svc:8080");
            });
  }

  @Test
  void servesHealthReadinessAndReconciliationMetrics() throws Exception {
    String ns = newNamespace();
    client.resource(OrderPlatforms.minimal(NAME, ns)).create();
    awaitExists(StatefulSet.class, ns, "shop-postgres");

    assertThat(httpGet("/healthz")).isEqualTo("200 ok\n");
    assertThat(httpGet("/readyz")).isEqualTo("200 ok\n");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(httpGet("/metrics")).contains("operator_sdk_reconciliations"));
  }

  private String httpGet(String path) throws Exception {
    try (var http = HttpClient.newHttpClient()) {
      var response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    }
  }

  @Test
  void childrenFollowSpecChangesInRolloutOrder() {
    String ns = newNamespace();
    client.resource(OrderPlatforms.minimal(NAME, ns)).create();
    driveToReady(ns);

    OrderPlatform edited =
        client
            .resources(OrderPlatform.class)
            .inNamespace(ns)
            .withName(NAME)
            .edit(
                platform -> {
                  OrderPlatformSpec spec = platform.getSpec();
                  platform.setSpec(
                      new OrderPlatformSpec(
                          "0.2.0",
                          spec.registry(),
                          spec.gateway(),
                          spec.auth(),
                          new OrdersSpec(3, "45s", null, null, null),
                          spec.inventory(),
                          spec.rabbitmq(),
                          spec.postgres(),
                          spec.ingress(),
                          null,
                          null,
                          null));
                  return platform;
                });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(imageOf(ns, "shop-auth")).isEqualTo("registry.test/orderly/auth:0.2.0"));
    assertThat(imageOf(ns, "shop-orders"))
        .as("orders rolls after auth is ready again")
        .endsWith(":0.1.0");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(statusOf(ns).phase()).isEqualTo(Phase.Upgrading));

    Readiness.deploymentReady(client, ns, "shop-auth");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              Deployment orders = get(Deployment.class, ns, "shop-orders");
              assertThat(orders.getSpec().getReplicas()).isEqualTo(3);
              assertThat(
                      orders
                          .getSpec()
                          .getTemplate()
                          .getSpec()
                          .getContainers()
                          .getFirst()
                          .getImage())
                  .isEqualTo("registry.test/orderly/orders:0.2.0");
              assertThat(
                      orders.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                  .anySatisfy(
                      env -> {
                        assertThat(env.getName()).isEqualTo("ORDERS_SAGA_TIMEOUT");
                        assertThat(env.getValue()).isEqualTo("45s");
                      });
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(statusOf(ns).observedGeneration())
                    .isEqualTo(edited.getMetadata().getGeneration()));

    Readiness.deploymentReady(client, ns, "shop-orders");
    Readiness.deploymentReady(client, ns, "shop-inventory");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(imageOf(ns, "shop-gateway")).endsWith(":0.2.0"));
    Readiness.deploymentReady(client, ns, "shop-gateway");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              var status = statusOf(ns);
              assertThat(status.phase()).isEqualTo(Phase.Running);
              assertThat(status.components().get("orders").desired()).isEqualTo(3);
              assertThat(status.components().get("orders").version()).isEqualTo("0.2.0");
            });
  }

  @Test
  void aPodMonitorPointsThePrometheusOperatorAtEveryMetricsPortAndGoesWhenDisabled() {
    // The other tests run before the Prometheus Operator's API is served (no PodMonitor, no error),
    // or after (their platforms get one too); installed with the operator running, it is noticed.
    if (!prometheusOperatorInstalled) {
      cluster.installPrometheusOperatorCrds();
      prometheusOperatorInstalled = true;
    }
    String ns = newNamespace();
    client.resource(OrderPlatforms.minimal(NAME, ns)).create();
    var podMonitors =
        client.genericKubernetesResources("monitoring.coreos.com/v1", "PodMonitor").inNamespace(ns);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(podMonitors.withName(NAME).get()).isNotNull());
    GenericKubernetesResource podMonitor = podMonitors.withName(NAME).get();
    assertThat(podMonitor.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("OrderPlatform"));
    var spec = Serialization.jsonMapper().valueToTree(podMonitor).path("spec");
    assertThat(
            spec.path("selector").path("matchLabels").path("app.kubernetes.io/instance").asText())
        .isEqualTo(NAME);
    assertThat(spec.path("podMetricsEndpoints").findValuesAsText("port"))
        .containsExactly("observe", "prometheus");

    podMonitors.withName(NAME).delete();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> assertThat(podMonitors.withName(NAME).get()).as("recreated").isNotNull());

    client
        .resources(OrderPlatform.class)
        .inNamespace(ns)
        .withName(NAME)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"monitoring\":{\"podMonitor\":{\"enabled\":false}}}}");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(podMonitors.withName(NAME).get()).as("deleted once disabled").isNull());
  }

  @Test
  void restoresDeletedAndEditedChildren() {
    String ns = newNamespace();
    client.resource(OrderPlatforms.minimal(NAME, ns)).create();
    driveToReady(ns);
    String signingKey =
        Secrets.value(get(Secret.class, ns, "shop-auth-keys"), "signing-key").orElseThrow();

    client.services().inNamespace(ns).withName("shop-gateway").delete();
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .withName("shop-orders")
        .edit(
            deployment -> {
              deployment.getSpec().setReplicas(7);
              return deployment;
            });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(get(Service.class, ns, "shop-gateway"))
                  .as("deleted Service recreated")
                  .isNotNull();
              assertThat(get(Deployment.class, ns, "shop-orders").getSpec().getReplicas())
                  .as("edited replicas reverted")
                  .isEqualTo(2);
            });
    assertThat(Secrets.value(get(Secret.class, ns, "shop-auth-keys"), "signing-key").orElseThrow())
        .as("a generated Secret is never rotated by a reconciliation")
        .isEqualTo(signingKey);
  }

  @Test
  void copiesWhyAPodIsFailingIntoTheStatus() {
    String ns = newNamespace();
    client.resource(OrderPlatforms.minimal(NAME, ns)).create();
    driveToReady(ns);

    Pod pod =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName("shop-orders-7d9f")
                    .withNamespace(ns)
                    .withLabels(Labels.of(Component.ORDERS, NAME, OrderPlatforms.VERSION).toMap())
                    .endMetadata()
                    .withNewSpec()
                    .addNewContainer()
                    .withName("orders")
                    .withImage("registry.test/orderly/orders:0.1.0")
                    .endContainer()
                    .endSpec()
                    .build())
            .create();
    client
        .pods()
        .inNamespace(ns)
        .withName(pod.getMetadata().getName())
        .editStatus(
            crashing -> {
              crashing.setStatus(
                  new PodStatusBuilder()
                      .addNewContainerStatus()
                      .withName("orders")
                      .withImage("x")
                      .withImageID("")
                      .withReady(false)
                      .withRestartCount(5)
                      .withNewState()
                      .withNewWaiting()
                      .withReason("CrashLoopBackOff")
                      .withMessage("back-off 5m0s restarting failed container")
                      .endWaiting()
                      .endState()
                      .endContainerStatus()
                      .build());
              return crashing;
            });

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              var status = statusOf(ns);
              assertThat(status.phase()).isEqualTo(Phase.Degraded);
              assertThat(
                      Conditions.find(status.conditions(), Conditions.DEGRADED)
                          .orElseThrow()
                          .getMessage())
                  .contains("pod shop-orders-7d9f: CrashLoopBackOff");
              assertThat(Conditions.isTrue(status.conditions(), Conditions.READY)).isFalse();
              assertThat(status.components().get("orders").message()).contains("CrashLoopBackOff");
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(eventReasons(ns)).contains("PodsFailing"));
  }

  @Test
  void missingExternalDatabaseSecretDegradesThePlatformWithAnEvent() {
    String ns = newNamespace();
    client
        .resource(OrderPlatforms.withSpec(NAME, ns, OrderPlatforms.externalPostgres("shop-db")))
        .create();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              var status = statusOf(ns);
              assertThat(status.phase()).isEqualTo(Phase.Degraded);
              var degraded =
                  Conditions.find(status.conditions(), Conditions.DEGRADED).orElseThrow();
              assertThat(degraded.getStatus()).isEqualTo("True");
              assertThat(degraded.getReason()).isEqualTo("ExternalSecretMissing");
              assertThat(degraded.getMessage())
                  .contains("shop-db", "spec.postgres.external.secretRef");
              assertThat(conditionStatus(ns, Conditions.READY)).isEqualTo("False");
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(eventReasons(ns)).contains("ExternalSecretMissing"));
    assertThat(names(Deployment.class, ns))
        .as("nothing deployed against a database that cannot be reached")
        .isEmpty();
  }

  @Test
  void aDeletedStoreSecretOverKeptDataIsNotGeneratedAnewButReportedUntilRestored() {
    String ns = newNamespace();
    client
        .resource(OrderPlatforms.withSpec(NAME, ns, OrderPlatforms.spec(OrderPlatforms.VERSION)))
        .create();
    driveToReady(ns);
    // What the StatefulSet controller made for the database (no controller runs in these tests).
    client
        .persistentVolumeClaims()
        .inNamespace(ns)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data-shop-postgres-0")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("5Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
    Secret saved = get(Secret.class, ns, "shop-postgres-credentials");

    client.resource(saved).delete();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              var degraded =
                  Conditions.find(statusOf(ns).conditions(), Conditions.DEGRADED).orElseThrow();
              assertThat(degraded.getReason()).isEqualTo("CredentialsLost");
              assertThat(degraded.getMessage())
                  .contains(
                      "shop-postgres-credentials", "data-shop-postgres-0", "Restore the Secret");
            });
    assertThat(eventReasons(ns)).contains("CredentialsLost");
    assertThat(get(Secret.class, ns, "shop-postgres-credentials"))
        .as("no new passwords over the old database")
        .isNull();

    saved.getMetadata().setResourceVersion(null);
    saved.getMetadata().setUid(null);
    saved.getMetadata().setCreationTimestamp(null);
    saved.getMetadata().setManagedFields(null);
    client.resource(saved).create();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertThat(conditionStatus(ns, Conditions.READY)).isEqualTo("True"));
    assertThat(Secrets.value(get(Secret.class, ns, "shop-postgres-credentials"), "auth-password"))
        .as("the restored passwords kept")
        .isEqualTo(Secrets.value(saved, "auth-password"));
  }

  @Test
  void everyPodGetsTheNodeSelectorTolerationsAndPullSecretsAndTheStoresTheirStorageClass() {
    String ns = newNamespace();
    client
        .resource(
            platformFromJson(
                ns,
                NAME,
                """
        {"version": "0.1.0",
         "imagePullSecrets": [{"name": "registry-login"}],
         "scheduling": {"nodeSelector": {"pool": "orders"},
                        "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "orders", "effect": "NoSchedule"}]},
         "postgres": {"storageClassName": "fast-ssd"},
         "rabbitmq": {"storageClassName": "fast-ssd"}}"""))
        .create();
    driveToReady(ns);

    List<PodSpec> pods = new ArrayList<>();
    client
        .apps()
        .deployments()
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
    client
        .apps()
        .statefulSets()
        .inNamespace(ns)
        .list()
        .getItems()
        .forEach(s -> pods.add(s.getSpec().getTemplate().getSpec()));
    assertThat(pods)
        .hasSize(6)
        .allSatisfy(
            pod -> {
              assertThat(pod.getNodeSelector()).containsExactly(Map.entry("pool", "orders"));
              assertThat(pod.getTolerations())
                  .singleElement()
                  .satisfies(
                      t -> {
                        assertThat(t.getKey()).isEqualTo("dedicated");
                        assertThat(t.getEffect()).isEqualTo("NoSchedule");
                      });
              assertThat(pod.getImagePullSecrets())
                  .extracting(LocalObjectReference::getName)
                  .containsExactly("registry-login");
            });
    for (String store : List.of("shop-postgres", "shop-rabbitmq")) {
      assertThat(
              get(StatefulSet.class, ns, store)
                  .getSpec()
                  .getVolumeClaimTemplates()
                  .getFirst()
                  .getSpec()
                  .getStorageClassName())
          .isEqualTo("fast-ssd");
    }
    if (cluster.isRealApiServer()) {
      assertThatThrownBy(
              () ->
                  client
                      .genericKubernetesResources("orderly.dev/v1alpha1", "OrderPlatform")
                      .inNamespace(ns)
                      .withName(NAME)
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"spec\":{\"postgres\":{\"storageClassName\":\"slow\"}}}"))
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("storageClassName cannot change");
    }
  }

  @Test
  void externalDatabaseDeploysNoPostgres() {
    String ns = newNamespace();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("shop-db")
                .withNamespace(ns)
                .endMetadata()
                .withStringData(
                    Map.of(
                        "auth-username",
                        "a",
                        "auth-password",
                        "p",
                        "orders-username",
                        "o",
                        "orders-password",
                        "p",
                        "inventory-username",
                        "i",
                        "inventory-password",
                        "p"))
                .build())
        .create();
    client
        .resource(OrderPlatforms.withSpec(NAME, ns, OrderPlatforms.externalPostgres("shop-db")))
        .create();

    awaitExists(StatefulSet.class, ns, "shop-rabbitmq");
    Readiness.statefulSetReady(client, ns, "shop-rabbitmq");
    awaitExists(Deployment.class, ns, "shop-auth");
    assertThat(get(StatefulSet.class, ns, "shop-postgres")).isNull();
    assertThat(get(Secret.class, ns, "shop-postgres-credentials")).isNull();
    assertThat(get(Service.class, ns, "shop-postgres")).isNull();
    assertThat(
            get(Deployment.class, ns, "shop-auth")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv())
        .anySatisfy(
            env -> {
              assertThat(env.getName()).isEqualTo("DB_URL");
              assertThat(env.getValue())
                  .isEqualTo("jdbc:postgresql://db.example.com:5432/auth?sslmode=require");
            });
  }

  @Test
  void apiServerRejectsInvalidPlatformsNamingTheField() {
    Assumptions.assumeTrue(
        cluster.isRealApiServer(),
        "schema and CEL validation need a real kube-apiserver; running on the "
            + cluster.description());
    String ns = newNamespace();
    assertRejected(
        ns, "{\"version\":\"0.1.0\",\"gateway\":{\"replicas\":-1}}", "spec.gateway.replicas");
    assertRejected(
        ns,
        "{\"version\":\"0.1.0\",\"inventory\":{\"autoscaling\":{\"minReplicas\":4,\"maxReplicas\":2}}}",
        "spec.inventory.autoscaling.maxReplicas");
    assertRejected(ns, "{\"gateway\":{\"replicas\":1}}", "spec.version");
    assertRejected(
        ns,
        "{\"version\":\"0.1.0\",\"orders\":{\"sagaTimeout\":\"soon\"}}",
        "spec.orders.sagaTimeout");

    assertThatThrownBy(
            () ->
                client
                    .resource(
                        platformFromJson(
                            ns,
                            "a-name-far-longer-than-forty-characters-allowed",
                            "{\"version\":\"0.1.0\"}"))
                    .create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("metadata.name");

    client
        .resource(
            platformFromJson(
                ns, "grow", "{\"version\":\"0.1.0\",\"postgres\":{\"storage\":\"5Gi\"}}"))
        .create();
    var grow =
        client
            .genericKubernetesResources("orderly.dev/v1alpha1", "OrderPlatform")
            .inNamespace(ns)
            .withName("grow");
    grow.patch(
        PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"postgres\":{\"storage\":\"10Gi\"}}}");
    assertThatThrownBy(
            () ->
                grow.patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"postgres\":{\"storage\":\"1Gi\"}}}"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.postgres.storage")
        .hasMessageContaining("may grow but not shrink");
  }

  @Test
  void scaleSubresourceReportsTheDefaultGatewayReplicasOfAMinimalSpec() {
    Assumptions.assumeTrue(
        cluster.isRealApiServer(),
        "defaulting and the scale subresource need a real kube-apiserver; running on the "
            + cluster.description());
    String ns = newNamespace();
    client.resource(platformFromJson(ns, "minimal", "{\"version\":\"0.1.0\"}")).create();

    var scale =
        client
            .genericKubernetesResources("orderly.dev/v1alpha1", "OrderPlatform")
            .inNamespace(ns)
            .withName("minimal")
            .scale();

    // What an HPA or `kubectl scale` reads: 2, not the 0 of an absent field.
    assertThat(scale.getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void scalesInventoryUpWithItsBacklogAndDownOnceDrainedAndStable() {
    String ns = newNamespace();
    queues.put(ns, INVENTORY_QUEUE, 0);
    client
        .resource(
            platformFromJson(
                ns,
                NAME,
                """
        {"version": "0.1.0", "inventory": {"autoscaling":
          {"minReplicas": 1, "maxReplicas": 4, "targetBacklogPerReplica": 100, "scaleDownStabilization": "3s"}}}"""))
        .create();
    driveToReady(ns);
    assertThat(inventoryReplicas(ns)).isEqualTo(1);

    queues.put(ns, INVENTORY_QUEUE, 350);
    await().atMost(TIMEOUT).until(() -> inventoryReplicas(ns) == 4);
    AutoscalingStatus scaledUp = statusOf(ns).autoscaling().get("inventory");
    assertThat(scaledUp.backlog()).isEqualTo(350);
    assertThat(scaledUp.replicas()).isEqualTo(4);
    assertThat(eventMessages(ns, "ScaledUp"))
        .containsExactly("inventory 1 -> 4 pods: backlog 350 at 100 per pod needs 4 pods");
    assertThat(queues.lastAccess(ns).user()).isEqualTo("admin");
    assertThat(queues.lastAccess(ns).password())
        .isEqualTo(
            Secrets.value(get(Secret.class, ns, "shop-rabbitmq-credentials"), "admin-password")
                .orElseThrow());

    // Fits fewer pods, but is not drained: held.
    queues.put(ns, INVENTORY_QUEUE, 150);
    await()
        .atMost(TIMEOUT)
        .until(() -> statusOf(ns).autoscaling().get("inventory").message().contains("not drained"));
    assertThat(inventoryReplicas(ns)).isEqualTo(4);

    // An edit of the Deployment is put back to the decision, like any other drift.
    client.apps().deployments().inNamespace(ns).withName("shop-inventory").scale(2);
    await().atMost(TIMEOUT).until(() -> inventoryReplicas(ns) == 4);

    queues.put(ns, INVENTORY_QUEUE, 0);
    await().atMost(TIMEOUT).until(() -> inventoryReplicas(ns) == 1);
    // Down in steps: each waits until the window holds no reading that needed more pods.
    assertThat(eventMessages(ns, "ScaledDown"))
        .containsExactlyInAnyOrder(
            "inventory 4 -> 2 pods: backlog 0 at 100 per pod has fitted 2 for 3s",
            "inventory 2 -> 1 pods: backlog 0 at 100 per pod has fitted 1 for 3s");
    assertThat(statusOf(ns).components().get("inventory").desired()).isEqualTo(1);
  }

  @Test
  void forgetsADeletedPlatformsScalerAndItsMetrics() {
    String ns = newNamespace();
    queues.put(ns, INVENTORY_QUEUE, 250);
    client
        .resource(
            platformFromJson(
                ns,
                NAME,
                """
        {"version": "0.1.0", "inventory": {"autoscaling": {"minReplicas": 1, "maxReplicas": 4}}}"""))
        .create();
    driveToReady(ns);
    await().atMost(TIMEOUT).until(() -> inventoryReplicas(ns) == 3);
    assertThat(autoscalerMeters(ns)).as("the scaler's meters of this platform").isNotEmpty();

    // A platform that stays, autoscaled too: it is re-read twice a second, and with it the cache.
    String neighbour = newNamespace();
    queues.put(neighbour, INVENTORY_QUEUE, 0);
    client
        .resource(
            platformFromJson(
                neighbour,
                NAME,
                """
        {"version": "0.1.0", "inventory": {"autoscaling": {"minReplicas": 1, "maxReplicas": 4}}}"""))
        .create();

    client.resources(OrderPlatform.class).inNamespace(ns).withName(NAME).delete();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(autoscalerMeters(ns))
                    .as("meters left of the deleted platform")
                    .isEmpty());
  }

  private List<String> autoscalerMeters(String ns) {
    return metrics.getMeters().stream()
        .filter(meter -> meter.getId().getName().startsWith("orderly.autoscaler"))
        .filter(meter -> ns.equals(meter.getId().getTag("namespace")))
        .map(meter -> meter.getId().getName() + meter.getId().getTags())
        .toList();
  }

  @Test
  void writesKedaWhatItNeedsToScaleTheServicesThatSaySoAndLeavesItTheReplicas() {
    if (!kedaInstalled) {
      cluster.installKedaCrds();
      kedaInstalled = true;
    }
    String ns = newNamespace();
    client
        .resource(
            platformFromJson(
                ns,
                NAME,
                """
        {"version": "0.1.0", "inventory": {"autoscaling":
          {"minReplicas": 1, "maxReplicas": 4, "targetBacklogPerReplica": 50, "scaler": "Keda"}}}"""))
        .create();
    var scaledObjects =
        client.genericKubernetesResources("keda.sh/v1alpha1", "ScaledObject").inNamespace(ns);
    var authentications =
        client
            .genericKubernetesResources("keda.sh/v1alpha1", "TriggerAuthentication")
            .inNamespace(ns);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(scaledObjects.withName("shop-inventory").get()).isNotNull();
              assertThat(authentications.withName("shop-rabbitmq-keda").get()).isNotNull();
              assertThat(get(Secret.class, ns, "shop-rabbitmq-keda")).isNotNull();
            });
    var trigger =
        Serialization.jsonMapper()
            .valueToTree(scaledObjects.withName("shop-inventory").get())
            .at("/spec/triggers/0");
    assertThat(trigger.at("/metadata/queueName").asText()).isEqualTo(INVENTORY_QUEUE);
    assertThat(trigger.at("/metadata/value").asText()).isEqualTo("50");
    String adminPassword =
        Secrets.value(get(Secret.class, ns, "shop-rabbitmq-credentials"), "admin-password")
            .orElseThrow();
    assertThat(Secrets.value(get(Secret.class, ns, "shop-rabbitmq-keda"), "host").orElseThrow())
        .isEqualTo(
            "http://admin:"
                + java.net.URLEncoder.encode(adminPassword, java.nio.charset.StandardCharsets.UTF_8)
                + "@shop-rabbitmq."
                + ns
                + ".svc:15672/");

    driveToReady(ns);
    // KEDA's HPA scales the Deployment: the operator leaves it.
    client.apps().deployments().inNamespace(ns).withName("shop-inventory").scale(3);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(statusOf(ns).autoscaling().get("inventory").message())
                    .startsWith("Replicas are KEDA's"));
    assertThat(inventoryReplicas(ns)).isEqualTo(3);
    assertThat(eventReasons(ns))
        .as("KEDA's objects equal to the desired ones are not rewritten")
        .doesNotContain("Updated");

    client
        .resources(OrderPlatform.class)
        .inNamespace(ns)
        .withName(NAME)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"inventory\":{\"autoscaling\":{\"scaler\":\"External\"}}}}");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(scaledObjects.withName("shop-inventory").get())
                  .as("ScaledObject gone with scaler: External")
                  .isNull();
              assertThat(authentications.withName("shop-rabbitmq-keda").get()).isNull();
              assertThat(get(Secret.class, ns, "shop-rabbitmq-keda")).isNull();
            });
  }

  @Test
  void leavesReplicasToAnExternalScalerAndReportsWhatItSet() {
    String ns = newNamespace();
    client
        .resource(
            platformFromJson(
                ns,
                NAME,
                """
        {"version": "0.1.0", "inventory": {"autoscaling": {"minReplicas": 1, "maxReplicas": 4, "scaler": "External"}}}"""))
        .create();
    driveToReady(ns);

    // What an HPA does: write the scale subresource.
    client.apps().deployments().inNamespace(ns).withName("shop-inventory").scale(3);

    await().atMost(TIMEOUT).until(() -> statusOf(ns).components().get("inventory").desired() == 3);
    assertThat(inventoryReplicas(ns)).isEqualTo(3);
    assertThat(statusOf(ns).autoscaling().get("inventory").message()).contains("scaler: External");
  }

  @Test
  void holdsTheReplicasAndSaysWhyWhenTheBacklogCannotBeRead() {
    String ns = newNamespace();
    // No reading for this namespace: the stub answers as an unreachable broker would.
    client
        .resource(
            platformFromJson(
                ns,
                NAME,
                """
        {"version": "0.1.0", "orders": {"autoscaling": {"minReplicas": 2, "maxReplicas": 4}}}"""))
        .create();
    driveToReady(ns);

    await().atMost(TIMEOUT).until(() -> statusOf(ns).autoscaling() != null);
    AutoscalingStatus orders = statusOf(ns).autoscaling().get("orders");
    assertThat(orders.queue()).isEqualTo("orders.stock-events");
    assertThat(orders.replicas()).isEqualTo(2);
    assertThat(orders.message())
        .startsWith("Cannot read the backlog of orders.stock-events, holding 2 pods: ");
    assertThat(get(Deployment.class, ns, "shop-orders").getSpec().getReplicas()).isEqualTo(2);
    assertThat(eventReasons(ns)).contains("AutoscalingUnavailable");
  }

  @Test
  void reportsEachServicesBacklogDeadLettersAndOutboxAndWarnsWhenEitherGoesWrong() {
    String ns = newNamespace();
    queues.put(ns, "orders.stock-events", 5);
    queues.put(ns, "orders.stock-events.dlq", 0);
    queues.put(ns, INVENTORY_QUEUE, 12);
    queues.put(ns, INVENTORY_QUEUE + ".dlq", 0);
    client
        .resource(OrderPlatforms.withSpec(NAME, ns, OrderPlatforms.spec(OrderPlatforms.VERSION)))
        .create();
    driveToReady(ns);
    String ordersPod = runningPod(ns, "orders", "shop-orders-a");
    outboxes.put(ordersPod, 0, 0.0);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(statusOf(ns).queues().get("orders"))
                  .isEqualTo(new QueueStatus("orders.stock-events", 5L, 1, 0L, 0L, 0L, null));
              assertThat(statusOf(ns).queues().get("inventory"))
                  .isEqualTo(
                      new QueueStatus(
                          INVENTORY_QUEUE,
                          12L,
                          1,
                          0L,
                          null,
                          null,
                          "No ready inventory pod to read the outbox from"));
            });
    assertThat(eventReasons(ns)).doesNotContain("DeadLetters", "OutboxStale");

    queues.put(ns, INVENTORY_QUEUE + ".dlq", 3);
    outboxes.put(ordersPod, 40, 75.6);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(statusOf(ns).queues().get("inventory").deadLetters()).isEqualTo(3);
              assertThat(statusOf(ns).queues().get("orders").outboxBacklog()).isEqualTo(40);
              assertThat(statusOf(ns).queues().get("orders").outboxOldestAgeSeconds())
                  .isEqualTo(75);
            });
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(eventMessages(ns, "DeadLetters"))
                  .singleElement()
                  .asString()
                  .startsWith(
                      "inventory.order-events.dlq holds 3 messages inventory could not handle (was 0)");
              assertThat(eventMessages(ns, "OutboxStale"))
                  .singleElement()
                  .asString()
                  .startsWith("orders has 40 events not yet sent, the oldest 75 s old");
            });
  }

  /** A ready pod of {@code service}, as the kubelet would report it; returns its address. */
  private String runningPod(String ns, String service, String name) {
    String ip = "10.244.7." + (NAMESPACES.get() % 200 + 1);
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .withLabels(
                    Labels.of(
                            Component.valueOf(service.toUpperCase(java.util.Locale.ROOT)),
                            NAME,
                            OrderPlatforms.VERSION)
                        .toMap())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName(service)
                .withImage("registry.test/orderly/" + service)
                .endContainer()
                .endSpec()
                .build())
        .create();
    client
        .pods()
        .inNamespace(ns)
        .withName(name)
        .editStatus(
            pod ->
                new PodBuilder(pod)
                    .withNewStatus()
                    .withPhase("Running")
                    .withPodIP(ip)
                    .addNewCondition()
                    .withType("Ready")
                    .withStatus("True")
                    .endCondition()
                    .endStatus()
                    .build());
    return ip;
  }

  private int inventoryReplicas(String ns) {
    return get(Deployment.class, ns, "shop-inventory").getSpec().getReplicas();
  }

  private void assertRejected(String ns, String specJson, String field) {
    assertThatThrownBy(() -> client.resource(platformFromJson(ns, "invalid", specJson)).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(field);
  }

  private static GenericKubernetesResource platformFromJson(
      String ns, String name, String specJson) {
    GenericKubernetesResource resource =
        Serialization.unmarshal(
            "{\"apiVersion\":\"orderly.dev/v1alpha1\",\"kind\":\"OrderPlatform\",\"metadata\":{\"name\":\""
                + name
                + "\",\"namespace\":\""
                + ns
                + "\"},\"spec\":"
                + specJson
                + "}",
            GenericKubernetesResource.class);
    return resource;
  }

  /** Plays the workload controllers until every stage of the workflow is ready. */
  private void driveToReady(String ns) {
    Readiness.driveToRunning(client, ns, NAME, TIMEOUT);
  }

  private String newNamespace() {
    String name = "test-" + NAMESPACES.incrementAndGet();
    client
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  private OrderPlatformStatus statusOf(String ns) {
    var status =
        await()
            .atMost(TIMEOUT)
            .until(
                () ->
                    client
                        .resources(OrderPlatform.class)
                        .inNamespace(ns)
                        .withName(NAME)
                        .get()
                        .getStatus(),
                Objects::nonNull);
    return status;
  }

  private String conditionStatus(String ns, String type) {
    return Conditions.find(statusOf(ns).conditions(), type).map(c -> c.getStatus()).orElse(null);
  }

  private String imageOf(String ns, String deployment) {
    return get(Deployment.class, ns, deployment)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst()
        .getImage();
  }

  private List<String> eventReasons(String ns) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(event -> NAME.equals(event.getInvolvedObject().getName()))
        .map(Event::getReason)
        .toList();
  }

  private List<String> eventMessages(String ns, String reason) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(
            event ->
                NAME.equals(event.getInvolvedObject().getName())
                    && reason.equals(event.getReason()))
        .map(Event::getMessage)
        .toList();
  }

  private <R extends HasMetadata> R get(Class<R> type, String ns, String name) {
    return client.resources(type).inNamespace(ns).withName(name).get();
  }

  private <R extends HasMetadata> List<String> names(Class<R> type, String ns) {
    return client.resources(type).inNamespace(ns).list().getItems().stream()
        .map(r -> r.getMetadata().getName())
        .toList();
  }

  private <R extends HasMetadata> void awaitExists(Class<R> type, String ns, String... names) {
    Readiness.awaitExists(client, type, ns, TIMEOUT, names);
  }
}
