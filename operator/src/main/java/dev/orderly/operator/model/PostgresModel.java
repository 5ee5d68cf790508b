package dev.orderly.operator.model;

import static dev.orderly.operator.model.Component.AUTH;
import static dev.orderly.operator.model.Component.INVENTORY;
import static dev.orderly.operator.model.Component.ORDERS;
import static dev.orderly.operator.model.Component.POSTGRES;

import dev.orderly.operator.api.v1alpha1.ExternalPostgresSpec;
import dev.orderly.operator.api.v1alpha1.PostgresSpec;
import dev.orderly.operator.api.v1alpha1.ReclaimPolicy;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL of a platform: one server holding one database and one role per service, each role
 * able to reach only its own database. Either operator-managed (a StatefulSet) or external.
 */
public final class PostgresModel implements DataStore {

  public static final int PORT = 5432;
  public static final String PORT_NAME = "postgres";
  public static final String DEFAULT_STORAGE = "5Gi";

  /** The services that own a database, named after the service. */
  public static final List<Component> DATABASE_OWNERS = List.of(AUTH, ORDERS, INVENTORY);

  public static final String SUPERUSER = "postgres";
  public static final String SUPERUSER_PASSWORD_KEY = "superuser-password";
  public static final String INIT_SCRIPT = "10-create-databases.sh";

  private static final String DATA_DIR = "/var/lib/postgresql/data";
  private static final String INIT_VOLUME = "init";
  private static final String RUN_VOLUME = "run";
  private static final String CA_VOLUME = "postgres-ca";

  /** Where the services find an external server's CA. */
  public static final String CA_DIR = "/etc/orderly/postgres-ca";

  private final PlatformIdentity platform;
  private final Labels labels;
  private final String image;
  private final String storage;
  private final String storageClassName;
  private final ReclaimPolicy reclaimPolicy;
  private final ExternalPostgresSpec external;

  private PostgresModel(
      PlatformIdentity platform,
      String image,
      String storage,
      String storageClassName,
      ReclaimPolicy reclaimPolicy,
      ExternalPostgresSpec external) {
    this.platform = platform;
    this.image = image;
    this.labels = platform.labels(POSTGRES, external == null ? Images.tagOf(image) : null);
    this.storage = storage;
    this.storageClassName = storageClassName;
    this.reclaimPolicy = reclaimPolicy;
    this.external = external;
  }

  /** Validates and defaults the {@code postgres} section (absent means managed with defaults). */
  public static PostgresModel fromSpec(
      PlatformIdentity platform, PostgresSpec spec, Images images) {
    PostgresSpec section = spec == null ? new PostgresSpec(null, null, null, null) : spec;
    ReclaimPolicy reclaim =
        section.reclaimPolicy() == null ? ReclaimPolicy.Retain : section.reclaimPolicy();
    if (section.external() != null) {
      if (section.storage() != null || section.storageClassName() != null) {
        throw new InvalidSpecException("postgres", "storage and external are mutually exclusive");
      }
      return new PostgresModel(
          platform, images.postgres(), null, null, reclaim, Externals.postgres(section.external()));
    }
    String size = Storages.validSize(section.storage(), DEFAULT_STORAGE, "postgres.storage");
    return new PostgresModel(
        platform, images.postgres(), size, section.storageClassName(), reclaim, null);
  }

  /** True when the operator deploys PostgreSQL; false when the platform uses an external server. */
  @Override
  public boolean isManaged() {
    return external == null;
  }

  /** The external server, when there is one. */
  public Optional<ExternalPostgresSpec> external() {
    return Optional.ofNullable(external);
  }

  /** Keys the external Secret must hold: a username and password per database owner. */
  public static List<String> externalSecretKeys() {
    return CredentialKeys.usernamesAndPasswords(DATABASE_OWNERS);
  }

  /** DB_URL, DB_USER and DB_PASSWORD of a service, as docs/configuration.md defines them. */
  public List<EnvVar> connectionEnv(Component service) {
    requireOwner(service);
    if (isManaged()) {
      return List.of(
          EnvVars.value("DB_URL", jdbcUrl(platform.workloadName(POSTGRES), PORT, service)),
          EnvVars.value("DB_USER", service.id()),
          EnvVars.fromSecret(
              "DB_PASSWORD",
              ResourceNames.postgresCredentials(platform.name()),
              CredentialKeys.password(service)));
    }
    String secret = external.secretRef().name();
    return List.of(
        EnvVars.value(
            "DB_URL", jdbcUrl(external.host(), external.port(), service) + tlsParameters()),
        EnvVars.fromSecret("DB_USER", secret, CredentialKeys.username(service)),
        EnvVars.fromSecret("DB_PASSWORD", secret, CredentialKeys.password(service)));
  }

  /** The egress rule a database owner needs to reach the server. */
  public NetworkPolicyEgressRule clientEgressRule() {
    return isManaged()
        ? NetworkPolicies.toComponent(platform.name(), POSTGRES, PORT)
        : NetworkPolicies.toExternal(external.host(), external.port());
  }

  /** Passwords of the superuser and of each service's role, generated once. */
  @Override
  public Secret generateCredentialsSecret(SecretValues values) {
    Map<String, String> passwords = new LinkedHashMap<>();
    passwords.put(SUPERUSER_PASSWORD_KEY, values.password());
    DATABASE_OWNERS.forEach(
        owner -> passwords.put(CredentialKeys.password(owner), values.password()));
    return Secrets.opaque(
        ResourceNames.postgresCredentials(platform.name()),
        platform.namespace(),
        labels,
        passwords);
  }

  /**
   * The script the image runs on first start: a role and a database per service, closed to others.
   */
  public ConfigMap generateInitConfigMap() {
    StringBuilder script =
        new StringBuilder(
            """
            #!/bin/bash
            # Runs once, when the data directory is initialised (docker-entrypoint-initdb.d).
            # One login role and one database per service; each database is owned by its role and
            # closed to PUBLIC, so a role can connect to its own database only.
            set -euo pipefail
            psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \\
              -c 'REVOKE CONNECT ON DATABASE postgres FROM PUBLIC' \\
              -c 'REVOKE CONNECT ON DATABASE template1 FROM PUBLIC'
            create_database() {
              psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \\
                --set=owner="$1" --set=password="$2" <<'SQL'
            CREATE ROLE :"owner" LOGIN PASSWORD :'password';
            CREATE DATABASE :"owner" OWNER :"owner";
            REVOKE ALL ON DATABASE :"owner" FROM PUBLIC;
            SQL
            }
            """);
    for (Component owner : DATABASE_OWNERS) {
      script
          .append("create_database ")
          .append(owner.id())
          .append(" \"$")
          .append(passwordEnv(owner))
          .append("\"\n");
    }
    return new ConfigMapBuilder()
        .withMetadata(
            Workloads.metadata(
                ResourceNames.postgresInit(platform.name()), platform.namespace(), labels))
        .addToData(INIT_SCRIPT, script.toString())
        .build();
  }

  /**
   * The single-node server.
   *
   * @param storageInUse size of the existing claim template, or null before the StatefulSet exists
   */
  @Override
  public StatefulSet generateStatefulSet(String storageInUse) {
    List<EnvVar> env = new ArrayList<>();
    String credentials = ResourceNames.postgresCredentials(platform.name());
    env.add(EnvVars.value("POSTGRES_USER", SUPERUSER));
    env.add(EnvVars.fromSecret("POSTGRES_PASSWORD", credentials, SUPERUSER_PASSWORD_KEY));
    // A subdirectory, because the volume's root may hold lost+found, which initdb refuses.
    env.add(EnvVars.value("PGDATA", DATA_DIR + "/pgdata"));
    DATABASE_OWNERS.forEach(
        owner ->
            env.add(
                EnvVars.fromSecret(
                    passwordEnv(owner), credentials, CredentialKeys.password(owner))));

    String[] isReady = {
      "pg_isready", "-U", SUPERUSER, "-h", "127.0.0.1", "-p", String.valueOf(PORT)
    };
    var container =
        Workloads.container(
                POSTGRES.id(),
                image,
                List.of(Workloads.containerPort(PORT_NAME, PORT)),
                Workloads.resources("250m", "512Mi", "1", "1Gi"),
                List.of(
                    Workloads.mount(Storages.DATA_VOLUME, DATA_DIR, false),
                    Workloads.mount(INIT_VOLUME, "/docker-entrypoint-initdb.d", true),
                    Workloads.mount(RUN_VOLUME, "/var/run/postgresql", false),
                    Workloads.mount(Workloads.TMP_VOLUME, "/tmp", false)))
            .withEnv(env)
            .withStartupProbe(Probes.exec(5, 5, 60, isReady))
            .withLivenessProbe(Probes.exec(10, 5, 6, isReady))
            .withReadinessProbe(Probes.exec(5, 5, 3, isReady))
            .build();
    var initScript =
        Workloads.configMapVolume(INIT_VOLUME, ResourceNames.postgresInit(platform.name()), 0555);
    return Workloads.singlePodStatefulSet(
        platform.workloadName(POSTGRES),
        platform.namespace(),
        labels,
        ResourceNames.headlessService(platform.name(), POSTGRES),
        reclaimPolicy.name(),
        container,
        List.of(
            initScript, Workloads.emptyDir(RUN_VOLUME), Workloads.emptyDir(Workloads.TMP_VOLUME)),
        Storages.claimTemplate(
            labels, storageInUse == null ? storage : storageInUse, storageClassName));
  }

  /** The ClusterIP Service the services reach the managed server through. */
  @Override
  public Service generateService() {
    return Workloads.clusterIpService(
        platform.workloadName(POSTGRES),
        platform.namespace(),
        labels,
        List.of(Workloads.port(PORT_NAME, PORT)));
  }

  @Override
  public PodDisruptionBudget generatePodDisruptionBudget() {
    return Workloads.storeDisruptionBudget(
        platform.workloadName(POSTGRES), platform.namespace(), labels);
  }

  /** Stable DNS for the StatefulSet's pod. */
  @Override
  public Service generateHeadlessService() {
    return Workloads.headlessService(
        ResourceNames.headlessService(platform.name(), POSTGRES),
        platform.namespace(),
        labels,
        List.of(Workloads.port(PORT_NAME, PORT)));
  }

  /** Only the database owners reach the server; the server reaches nothing. */
  public NetworkPolicy generateNetworkPolicy() {
    return NetworkPolicies.isolate(
        platform.workloadName(POSTGRES),
        platform.namespace(),
        labels,
        List.of(NetworkPolicies.fromComponents(platform.name(), DATABASE_OWNERS, PORT)),
        List.of());
  }

  /** The size requested in the spec (defaulted), null when external. */
  public String storage() {
    return storage;
  }

  /** What happens to the data volume when the platform is deleted. */
  public ReclaimPolicy reclaimPolicy() {
    return reclaimPolicy;
  }

  /** The CA of an external server's certificate, for the services that use it. */
  public ServerCa ca() {
    return new ServerCa(
        CA_VOLUME,
        CA_DIR,
        external().map(ExternalPostgresSpec::caSecretRef).map(SecretReference::name));
  }

  /** sslmode, and what verifies the server: the mounted CA, or else the JVM's trusted CAs. */
  private String tlsParameters() {
    String parameters = "?sslmode=" + external.sslMode();
    if (ca().secret().isPresent()) {
      return parameters + "&sslrootcert=" + ca().file();
    }
    // pgJDBC's own factory would look for ~/.postgresql/root.crt, which no image has.
    return external.sslMode().startsWith("verify")
        ? parameters + "&sslfactory=org.postgresql.ssl.DefaultJavaSSLFactory"
        : parameters;
  }

  private static String jdbcUrl(String host, int port, Component service) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + service.id();
  }

  private static String passwordEnv(Component owner) {
    return owner.id().toUpperCase(Locale.ROOT) + "_DB_PASSWORD";
  }

  private static void requireOwner(Component service) {
    if (!DATABASE_OWNERS.contains(service)) {
      throw new IllegalArgumentException(service + " has no database");
    }
  }
}
