package dev.orderly.operator;

import dev.orderly.contracts.Durations;
import dev.orderly.operator.model.Images;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the operator process is configured, read from its environment.
 *
 * @param watchNamespaces namespaces whose OrderPlatforms are reconciled; empty means all
 * @param images the default registry of the service images and the data store images
 * @param healthPort port of /healthz, /readyz and /metrics
 * @param leaderElection whether replicas elect a leader (only the leader reconciles)
 * @param leaseNamespace namespace of the leader-election Lease; the operator's own namespace
 * @param serverSideApply whether children and status are written with server-side apply (off only
 *     for API servers without it, such as the fabric8 mock server)
 * @param autoscalingInterval how often the backlog of an autoscaled service is read
 * @param queueHealthInterval how often each saga service's queues and outbox are read for the
 *     status
 */
public record OperatorSettings(
    Set<String> watchNamespaces,
    Images images,
    int healthPort,
    boolean leaderElection,
    String leaseNamespace,
    boolean serverSideApply,
    Duration autoscalingInterval,
    Duration queueHealthInterval) {

  public static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";
  public static final String IMAGE_REGISTRY = "ORDERLY_IMAGE_REGISTRY";
  public static final String POSTGRES_IMAGE = "ORDERLY_POSTGRES_IMAGE";
  public static final String RABBITMQ_IMAGE = "ORDERLY_RABBITMQ_IMAGE";
  public static final String HEALTH_PORT = "HEALTH_PORT";
  public static final String LEADER_ELECTION = "LEADER_ELECTION";
  public static final String LEASE_NAMESPACE = "LEADER_ELECTION_NAMESPACE";
  public static final String SERVER_SIDE_APPLY = "SERVER_SIDE_APPLY";
  public static final String AUTOSCALING_INTERVAL = "AUTOSCALING_INTERVAL";
  public static final String QUEUE_HEALTH_INTERVAL = "QUEUE_HEALTH_INTERVAL";
  public static final String DEFAULT_QUEUE_HEALTH_INTERVAL = "60s";

  public static final int DEFAULT_HEALTH_PORT = 8080;
  public static final String LEASE_NAME = "orderly-operator-leader";

  /** HPA's sync period, and twice RabbitMQ's default statistics interval. */
  public static final String DEFAULT_AUTOSCALING_INTERVAL = "15s";

  public OperatorSettings {
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  /** Settings from environment variables; anything unset takes its default. */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    Images defaults = Images.defaults();
    Images images =
        new Images(
            valueOr(env, IMAGE_REGISTRY, defaults.registry()),
            valueOr(env, POSTGRES_IMAGE, defaults.postgres()),
            valueOr(env, RABBITMQ_IMAGE, defaults.rabbitmq()));
    return new OperatorSettings(
        namespaces(env.get(WATCH_NAMESPACES)),
        images,
        Integer.parseInt(valueOr(env, HEALTH_PORT, String.valueOf(DEFAULT_HEALTH_PORT))),
        Boolean.parseBoolean(valueOr(env, LEADER_ELECTION, "false")),
        env.get(LEASE_NAMESPACE),
        Boolean.parseBoolean(valueOr(env, SERVER_SIDE_APPLY, "true")),
        Durations.parse(valueOr(env, AUTOSCALING_INTERVAL, DEFAULT_AUTOSCALING_INTERVAL)),
        Durations.parse(valueOr(env, QUEUE_HEALTH_INTERVAL, DEFAULT_QUEUE_HEALTH_INTERVAL)));
  }

  /** Whether every namespace is watched. */
  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  private static Set<String> namespaces(String list) {
    if (list == null || list.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(list.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
  }

  private static String valueOr(Map<String, String> env, String name, String defaultValue) {
    String value = env.get(name);
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }
}
