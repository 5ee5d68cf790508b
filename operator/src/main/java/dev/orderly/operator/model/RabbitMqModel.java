package dev.orderly.operator.model;

import static dev.orderly.operator.model.Component.INVENTORY;
import static dev.orderly.operator.model.Component.ORDERS;
import static dev.orderly.operator.model.Component.RABBITMQ;

import dev.orderly.operator.api.v1alpha1.ExternalRabbitMqSpec;
import dev.orderly.operator.api.v1alpha1.RabbitMqSpec;
import dev.orderly.operator.api.v1alpha1.SecretReference;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * RabbitMQ of a platform: a single node provisioned at boot with the saga topology and one user per
 * consuming service. Either operator-managed (a StatefulSet) or external.
 */
public final class RabbitMqModel implements DataStore {

  public static final int AMQP_PORT = 5672;
  public static final int MANAGEMENT_PORT = 15672;
  public static final String AMQP_PORT_NAME = "amqp";
  public static final String MANAGEMENT_PORT_NAME = "management";

  /** The rabbitmq_prometheus plugin's port, scraped at /metrics. */
  public static final int PROMETHEUS_PORT = 15692;

  public static final String PROMETHEUS_PORT_NAME = "prometheus";
  public static final String DEFAULT_STORAGE = "1Gi";
  public static final String VHOST = "/";

  /** Where the services find an external broker's CA. */
  public static final String CA_DIR = "/etc/orderly/rabbitmq-ca";

  private static final String CA_VOLUME = "rabbitmq-ca";

  /** The services that publish and consume saga events, each with its own broker user. */
  public static final List<Component> CLIENTS = List.of(ORDERS, INVENTORY);

  public static final String ADMIN_USER = "admin";
  public static final String DEFINITIONS_KEY = "definitions.json";

  private static final String CONFIG_DIR = "/etc/rabbitmq";
  private static final String DEFINITIONS_DIR = "/etc/rabbitmq-definitions";
  private static final String CONFIG_VOLUME = "config";
  private static final String DEFINITIONS_VOLUME = "definitions";

  private final PlatformIdentity platform;
  private final Labels labels;
  private final String image;
  private final String storage;
  private final String storageClassName;
  private final ExternalRabbitMqSpec external;

  private RabbitMqModel(
      PlatformIdentity platform,
      String image,
      String storage,
      String storageClassName,
      ExternalRabbitMqSpec external) {
    this.platform = platform;
    this.image = image;
    this.labels = platform.labels(RABBITMQ, external == null ? Images.tagOf(image) : null);
    this.storage = storage;
    this.storageClassName = storageClassName;
    this.external = external;
  }

  /** Validates and defaults the {@code rabbitmq} section (absent means managed with defaults). */
  public static RabbitMqModel fromSpec(
      PlatformIdentity platform, RabbitMqSpec spec, Images images) {
    RabbitMqSpec section = spec == null ? new RabbitMqSpec(null, null, null) : spec;
    if (section.external() != null) {
      if (section.storage() != null || section.storageClassName() != null) {
        throw new InvalidSpecException("rabbitmq", "storage and external are mutually exclusive");
      }
      return new RabbitMqModel(
          platform, images.rabbitmq(), null, null, Externals.rabbitmq(section.external()));
    }
    String size = Storages.validSize(section.storage(), DEFAULT_STORAGE, "rabbitmq.storage");
    return new RabbitMqModel(platform, images.rabbitmq(), size, section.storageClassName(), null);
  }

  /** True when the operator deploys RabbitMQ; false when the platform uses an external broker. */
  @Override
  public boolean isManaged() {
    return external == null;
  }

  /** The external broker, when there is one. */
  public Optional<ExternalRabbitMqSpec> external() {
    return Optional.ofNullable(external);
  }

  /** Keys the external Secret must hold: a username and password per client service. */
  public static List<String> externalSecretKeys() {
    return CredentialKeys.usernamesAndPasswords(CLIENTS);
  }

  /** Key of the admin password in the generated Secret. */
  /**
   * Key of the Erlang cookie (the node's and its CLI tools' shared secret) in the credentials
   * Secret.
   */
  public static final String ERLANG_COOKIE_KEY = "erlang-cookie";

  public static String adminPasswordKey() {
    return ADMIN_USER + "-password";
  }

  /** RABBITMQ_* variables of a client service, as docs/configuration.md defines them. */
  public List<EnvVar> connectionEnv(Component service) {
    if (!CLIENTS.contains(service)) {
      throw new IllegalArgumentException(service + " does not use the broker");
    }
    List<EnvVar> env = new ArrayList<>();
    if (isManaged()) {
      env.add(EnvVars.value("RABBITMQ_HOST", platform.workloadName(RABBITMQ)));
      env.add(EnvVars.value("RABBITMQ_PORT", String.valueOf(AMQP_PORT)));
      env.add(EnvVars.value("RABBITMQ_USER", service.id()));
      env.add(
          EnvVars.fromSecret(
              "RABBITMQ_PASSWORD",
              ResourceNames.rabbitmqCredentials(platform.name()),
              CredentialKeys.password(service)));
      env.add(EnvVars.value("RABBITMQ_VHOST", VHOST));
    } else {
      String secret = external.secretRef().name();
      env.add(EnvVars.value("RABBITMQ_HOST", external.host()));
      env.add(EnvVars.value("RABBITMQ_PORT", String.valueOf(external.port())));
      env.add(EnvVars.fromSecret("RABBITMQ_USER", secret, CredentialKeys.username(service)));
      env.add(EnvVars.fromSecret("RABBITMQ_PASSWORD", secret, CredentialKeys.password(service)));
      env.add(EnvVars.value("RABBITMQ_VHOST", external.vhost()));
      if (Boolean.TRUE.equals(external.tls())) {
        env.add(EnvVars.value("RABBITMQ_TLS_ENABLED", "true"));
        ca().secret().ifPresent(name -> env.add(EnvVars.value("RABBITMQ_TLS_CA", ca().file())));
      }
    }
    // Must equal the x-delivery-limit the queues were declared with.
    env.add(
        EnvVars.value("RABBITMQ_DELIVERY_LIMIT", String.valueOf(BrokerTopology.DELIVERY_LIMIT)));
    return env;
  }

  /** The CA of an external broker's certificate, for the services that use it. */
  public ServerCa ca() {
    return new ServerCa(
        CA_VOLUME,
        CA_DIR,
        Optional.ofNullable(external)
            .filter(e -> Boolean.TRUE.equals(e.tls()))
            .map(ExternalRabbitMqSpec::caSecretRef)
            .map(SecretReference::name));
  }

  /** The egress rule a client service needs to reach the broker. */
  public NetworkPolicyEgressRule clientEgressRule() {
    return isManaged()
        ? NetworkPolicies.toComponent(platform.name(), RABBITMQ, AMQP_PORT)
        : NetworkPolicies.toExternal(external.host(), external.port());
  }

  /** Passwords of the admin and of each client's user, and the Erlang cookie, generated once. */
  @Override
  public Secret generateCredentialsSecret(SecretValues values) {
    Map<String, String> passwords = new LinkedHashMap<>();
    passwords.put(adminPasswordKey(), values.password());
    CLIENTS.forEach(client -> passwords.put(CredentialKeys.password(client), values.password()));
    passwords.put(ERLANG_COOKIE_KEY, values.password());
    return Secrets.opaque(
        ResourceNames.rabbitmqCredentials(platform.name()),
        platform.namespace(),
        labels,
        passwords);
  }

  /**
   * The definitions imported at boot, with the passwords of the generated credentials Secret.
   *
   * @throws IllegalArgumentException when the credentials lack a password
   */
  public Secret generateDefinitionsSecret(Secret credentials) {
    Map<String, String> passwords = new LinkedHashMap<>();
    passwords.put(ADMIN_USER, requiredValue(credentials, adminPasswordKey()));
    List<String> users = new ArrayList<>();
    for (Component client : CLIENTS) {
      passwords.put(client.id(), requiredValue(credentials, CredentialKeys.password(client)));
      users.add(client.id());
    }
    String json = RabbitMqDefinitions.toJson(VHOST, ADMIN_USER, passwords, users);
    return Secrets.opaque(
        ResourceNames.rabbitmqDefinitions(platform.name()),
        platform.namespace(),
        labels,
        Map.of(DEFINITIONS_KEY, json));
  }

  /** rabbitmq.conf (definitions import, console logs) and the enabled plugins. */
  public ConfigMap generateConfigMap() {
    String config =
        """
        # Written by the Orderly operator.
        load_definitions = %s/%s
        listeners.tcp.default = %d
        management.tcp.port = %d
        log.console = true
        log.console.level = info
        log.file = false
        """
            .formatted(DEFINITIONS_DIR, DEFINITIONS_KEY, AMQP_PORT, MANAGEMENT_PORT);
    return new ConfigMapBuilder()
        .withMetadata(
            Workloads.metadata(
                ResourceNames.rabbitmqConfig(platform.name()), platform.namespace(), labels))
        .addToData("rabbitmq.conf", config)
        .addToData("enabled_plugins", "[rabbitmq_management,rabbitmq_prometheus].\n")
        .build();
  }

  /**
   * The single broker node.
   *
   * @param storageInUse size of the existing claim template, or null before the StatefulSet exists
   */
  @Override
  public StatefulSet generateStatefulSet(String storageInUse) {
    var container =
        Workloads.container(
                RABBITMQ.id(),
                image,
                List.of(
                    Workloads.containerPort(AMQP_PORT_NAME, AMQP_PORT),
                    Workloads.containerPort(MANAGEMENT_PORT_NAME, MANAGEMENT_PORT),
                    Workloads.containerPort(PROMETHEUS_PORT_NAME, PROMETHEUS_PORT)),
                Workloads.resources("250m", "512Mi", "1", "1Gi"),
                List.of(
                    Workloads.mount(Storages.DATA_VOLUME, "/var/lib/rabbitmq", false),
                    Workloads.mount(CONFIG_VOLUME, CONFIG_DIR, true),
                    Workloads.mount(DEFINITIONS_VOLUME, DEFINITIONS_DIR, true),
                    Workloads.mount(Workloads.TMP_VOLUME, "/tmp", false)))
            // From the Secret rather than made on the data volume, where a volume's fsGroup
            // handling
            // can change its mode; a Secret from before the key existed keeps the volume's cookie.
            .withEnv(
                EnvVars.fromSecretIfPresent(
                    "RABBITMQ_ERLANG_COOKIE",
                    ResourceNames.rabbitmqCredentials(platform.name()),
                    ERLANG_COOKIE_KEY))
            .withStartupProbe(Probes.tcp(AMQP_PORT_NAME, 5, 60))
            .withReadinessProbe(Probes.tcp(AMQP_PORT_NAME, 10, 3))
            .withLivenessProbe(Probes.exec(30, 20, 6, "rabbitmq-diagnostics", "-q", "ping"))
            .build();
    var config =
        Workloads.configMapVolume(
            CONFIG_VOLUME, ResourceNames.rabbitmqConfig(platform.name()), null);
    var definitions =
        Workloads.secretVolume(
            DEFINITIONS_VOLUME, ResourceNames.rabbitmqDefinitions(platform.name()), 0440);
    return Workloads.singlePodStatefulSet(
        platform.workloadName(RABBITMQ),
        platform.namespace(),
        labels,
        ResourceNames.headlessService(platform.name(), RABBITMQ),
        "Retain",
        container,
        List.of(config, definitions, Workloads.emptyDir(Workloads.TMP_VOLUME)),
        Storages.claimTemplate(
            labels, storageInUse == null ? storage : storageInUse, storageClassName));
  }

  /** The management API the operator reads queue backlogs from, through the ClusterIP Service. */
  public String managementUrl() {
    return "http://"
        + platform.workloadName(RABBITMQ)
        + "."
        + platform.namespace()
        + ".svc:"
        + MANAGEMENT_PORT;
  }

  /**
   * The ClusterIP Service the services (AMQP) and the operator (management API) reach the broker
   * through.
   */
  @Override
  public Service generateService() {
    return Workloads.clusterIpService(
        platform.workloadName(RABBITMQ),
        platform.namespace(),
        labels,
        List.of(
            Workloads.port(AMQP_PORT_NAME, AMQP_PORT),
            Workloads.port(MANAGEMENT_PORT_NAME, MANAGEMENT_PORT)));
  }

  @Override
  public PodDisruptionBudget generatePodDisruptionBudget() {
    return Workloads.storeDisruptionBudget(
        platform.workloadName(RABBITMQ), platform.namespace(), labels);
  }

  /** Stable DNS for the StatefulSet's pod. */
  @Override
  public Service generateHeadlessService() {
    return Workloads.headlessService(
        ResourceNames.headlessService(platform.name(), RABBITMQ),
        platform.namespace(),
        labels,
        List.of(Workloads.port(AMQP_PORT_NAME, AMQP_PORT)));
  }

  /**
   * Client services reach AMQP; the operator's pods (any namespace) reach the management API for
   * queue depths; the broker itself reaches only DNS.
   */
  public NetworkPolicy generateNetworkPolicy() {
    return NetworkPolicies.isolate(
        platform.workloadName(RABBITMQ),
        platform.namespace(),
        labels,
        List.of(
            NetworkPolicies.fromComponents(platform.name(), CLIENTS, AMQP_PORT),
            NetworkPolicies.fromOperator(MANAGEMENT_PORT)),
        List.of(NetworkPolicies.dns()));
  }

  /** The size requested in the spec (defaulted), null when external. */
  public String storage() {
    return storage;
  }

  private static String requiredValue(Secret secret, String key) {
    return Secrets.value(secret, key)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "Secret " + secret.getMetadata().getName() + " has no key " + key));
  }
}
