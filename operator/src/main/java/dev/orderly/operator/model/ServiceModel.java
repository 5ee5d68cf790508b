package dev.orderly.operator.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the four Helidon services share: a Deployment, a Service, a PodDisruptionBudget when there
 * is more than one pod, and a NetworkPolicy. Subclasses supply the environment and the traffic
 * their service needs.
 */
public abstract sealed class ServiceModel
    permits AuthModel, OrdersModel, InventoryModel, GatewayModel {

  public static final int HTTP_PORT = 8080;
  public static final String HTTP_PORT_NAME = "http";

  /**
   * Health, metrics and the OpenAPI document: a port the Service for clients and the Ingress do not
   * expose; the kubelet probes it.
   */
  public static final int OBSERVE_PORT = 9090;

  public static final String OBSERVE_PORT_NAME = "observe";
  public static final String LOG_LEVEL = "INFO";
  public static final String LOG_FORMAT = "json";

  /** Seconds a stopping service pod keeps serving before it is signalled (its preStop sleep). */
  public static final long DRAIN_SECONDS = 5;

  private final PlatformIdentity platform;
  private final Component component;
  private final String image;
  private final String version;
  private final int replicas;
  private final Autoscaling autoscaling;
  private final ServiceContainer container;
  private final Labels labels;

  protected ServiceModel(
      PlatformIdentity platform,
      Component component,
      String registry,
      String version,
      int replicas,
      Autoscaling autoscaling,
      ServiceContainer container) {
    this.platform = platform;
    this.component = component;
    this.image = Images.serviceImage(registry, component, version);
    this.version = version;
    this.replicas = replicas;
    this.autoscaling = autoscaling;
    this.container = container;
    this.labels = platform.labels(component, version);
  }

  /** In-cluster base URL of a platform's service, e.g. {@code http://shop-auth:8080}. */
  public static String url(String platform, Component service) {
    return "http://" + ResourceNames.workload(platform, service) + ":" + HTTP_PORT;
  }

  /** Variables specific to this service, after SERVER_* and LOG_*. */
  protected abstract List<EnvVar> serviceEnvironment();

  /** The database the service owns a schema in, if it has one. */
  protected Optional<PostgresModel> database() {
    return Optional.empty();
  }

  /** The broker the service publishes to and consumes from, if it uses one. */
  protected Optional<RabbitMqModel> broker() {
    return Optional.empty();
  }

  /** The CAs of the external servers the service connects to (none for the platform's own). */
  private List<ServerCa> serverCas() {
    return Stream.concat(
            database().map(PostgresModel::ca).stream(), broker().map(RabbitMqModel::ca).stream())
        .toList();
  }

  /** Who may call this service. */
  protected abstract NetworkPolicyIngressRule ingressRule();

  /** Where this service may connect, besides DNS. */
  protected abstract List<NetworkPolicyEgressRule> egressRules();

  public Component component() {
    return component;
  }

  public String image() {
    return image;
  }

  public String version() {
    return version;
  }

  /** Pods asked for: the spec's fixed count, or the backlog scaler's decision within its bounds. */
  public int replicas() {
    return replicas;
  }

  /** The backlog autoscaling of a consumer service, when the spec asks for it. */
  public Optional<Autoscaling> autoscaling() {
    return Optional.ofNullable(autoscaling);
  }

  /**
   * Pods that must be ready for the service to count as ready: all of them, or an autoscaled
   * service's minimum (the pods above it are capacity the scaler adds or removes).
   */
  public int minimumReady() {
    return autoscaling == null ? replicas : autoscaling.minReplicas();
  }

  /** Whether the operator writes the Deployment's replicas (not when an HPA or KEDA owns them). */
  public boolean ownsReplicas() {
    return autoscaling == null || autoscaling.byOperator();
  }

  public Labels labels() {
    return labels;
  }

  protected PlatformIdentity platform() {
    return platform;
  }

  /**
   * The complete environment of the container, exactly the variables docs/configuration.md lists.
   */
  public List<EnvVar> environment() {
    List<EnvVar> env = new ArrayList<>();
    env.add(EnvVars.value("SERVER_HOST", "0.0.0.0"));
    env.add(EnvVars.value("SERVER_PORT", String.valueOf(HTTP_PORT)));
    env.add(EnvVars.value("SERVER_OBSERVE_PORT", String.valueOf(OBSERVE_PORT)));
    env.add(EnvVars.value("LOG_LEVEL", LOG_LEVEL));
    env.add(EnvVars.value("LOG_FORMAT", LOG_FORMAT));
    // Auth names itself so in its tokens; the others require it.
    env.add(EnvVars.value("AUTH_ISSUER", platform.issuer()));
    env.addAll(platform.tracing().environment(platform));
    env.addAll(serviceEnvironment());
    return env;
  }

  /** The service's pods: rolled one surge pod at a time, never below the desired count. */
  public Deployment generateDeployment() {
    var serviceContainer =
        Workloads.container(
                component.id(),
                image,
                List.of(
                    Workloads.containerPort(HTTP_PORT_NAME, HTTP_PORT),
                    Workloads.containerPort(OBSERVE_PORT_NAME, OBSERVE_PORT)),
                this.container.resources(),
                withMore(
                    Workloads.mount(Workloads.TMP_VOLUME, "/tmp", false),
                    serverCas().stream().flatMap(ca -> ca.mounts().stream()).toList()))
            .withEnv(environment())
            .addAllToEnv(
                this.container
                    .javaOptions()
                    .map(options -> EnvVars.value("JDK_JAVA_OPTIONS", options))
                    .stream()
                    .toList())
            // The JVM may take a while on a busy node; liveness starts counting after start-up.
            .withStartupProbe(Probes.http(Probes.LIVENESS_PATH, OBSERVE_PORT_NAME, 2, 60))
            .withLivenessProbe(Probes.http(Probes.LIVENESS_PATH, OBSERVE_PORT_NAME, 10, 3))
            .withReadinessProbe(Probes.http(Probes.READINESS_PATH, OBSERVE_PORT_NAME, 5, 3))
            // A stopping pod leaves the Service's endpoints only after kube-proxy and the Ingress
            // controller see it go; serving on meanwhile keeps rollouts and evictions free of
            // refused requests. The sleep action needs no shell, which the images do not have.
            .withNewLifecycle()
            .withNewPreStop()
            .withNewSleep(DRAIN_SECONDS)
            .endPreStop()
            .endLifecycle()
            .build();
    return new DeploymentBuilder()
        .withMetadata(
            Workloads.metadata(platform.workloadName(component), platform.namespace(), labels))
        .withNewSpec()
        // Left out when an HPA or KEDA scales: server-side apply then never claims the field.
        .withReplicas(ownsReplicas() ? replicas : null)
        .withRevisionHistoryLimit(5)
        .withNewSelector()
        .withMatchLabels(labels.selector())
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(new IntOrString(1))
        .withMaxUnavailable(new IntOrString(0))
        .endRollingUpdate()
        .endStrategy()
        .withTemplate(
            Workloads.podTemplate(
                    labels,
                    PodSecurity.SERVICE_UID,
                    30L,
                    serviceContainer,
                    withMore(
                        Workloads.emptyDir(Workloads.TMP_VOLUME),
                        serverCas().stream().flatMap(ca -> ca.volumes().stream()).toList()))
                .editSpec()
                .withTopologySpreadConstraints(
                    new TopologySpreadConstraintBuilder()
                        .withMaxSkew(1)
                        .withTopologyKey("kubernetes.io/hostname")
                        .withWhenUnsatisfiable("ScheduleAnyway")
                        .withNewLabelSelector()
                        .withMatchLabels(labels.selector())
                        .endLabelSelector()
                        .build())
                .endSpec()
                .build())
        .endSpec()
        .build();
  }

  private static <T> List<T> withMore(T first, List<T> more) {
    List<T> all = new ArrayList<>(List.of(first));
    all.addAll(more);
    return all;
  }

  /** The service's stable in-cluster address. */
  public Service generateService() {
    return Workloads.clusterIpService(
        platform.workloadName(component),
        platform.namespace(),
        labels,
        List.of(Workloads.port(HTTP_PORT_NAME, HTTP_PORT)));
  }

  /**
   * A budget keeping all but one pod through drains; none for a single pod, which it would block.
   */
  public Optional<PodDisruptionBudget> generatePodDisruptionBudget() {
    if (replicas <= 1) {
      return Optional.empty();
    }
    return Optional.of(
        Workloads.podDisruptionBudget(
            platform.workloadName(component), platform.namespace(), labels));
  }

  /** Isolates the pods to exactly the traffic the service needs. */
  public NetworkPolicy generateNetworkPolicy() {
    List<NetworkPolicyEgressRule> egress = new ArrayList<>(egressRules());
    egress.addAll(platform.tracing().egressRules());
    egress.add(NetworkPolicies.dns());
    List<NetworkPolicyIngressRule> ingress = new ArrayList<>(List.of(ingressRule()));
    if (hasOutbox()) {
      // The operator reads the outbox gauges from the observe port for the platform's status.
      ingress.add(NetworkPolicies.fromOperator(OBSERVE_PORT));
    }
    return NetworkPolicies.isolate(
        platform.workloadName(component), platform.namespace(), labels, ingress, egress);
  }

  /** Whether the service publishes through an outbox: the saga services, the ones with a broker. */
  public boolean hasOutbox() {
    return broker().isPresent();
  }
}
