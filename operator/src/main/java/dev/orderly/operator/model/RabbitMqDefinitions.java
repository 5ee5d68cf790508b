package dev.orderly.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.contracts.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The definitions file RabbitMQ imports at boot ({@code load_definitions}): users, permissions,
 * topology.
 */
public final class RabbitMqDefinitions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RabbitMqDefinitions() {}

  /**
   * The definitions JSON.
   *
   * @param vhost the virtual host holding everything
   * @param adminUser the administrator (management UI, the operator's queue-depth reads)
   * @param passwords password per user, including the admin
   * @param applicationUsers users limited to the topology
   */
  public static String toJson(
      String vhost,
      String adminUser,
      Map<String, String> passwords,
      List<String> applicationUsers) {
    Map<String, Object> definitions = new LinkedHashMap<>();
    List<Object> users = new ArrayList<>();
    List<Object> permissions = new ArrayList<>();
    users.add(user(adminUser, passwords, List.of("administrator")));
    permissions.add(permission(adminUser, vhost, ".*"));
    for (String user : applicationUsers) {
      users.add(user(user, passwords, List.of()));
      permissions.add(permission(user, vhost, BrokerTopology.permissionPattern()));
    }
    definitions.put("users", users);
    definitions.put("vhosts", List.of(Map.of("name", vhost)));
    definitions.put("permissions", permissions);
    definitions.put("exchanges", exchanges(vhost));
    definitions.put("queues", queues(vhost));
    definitions.put("bindings", bindings(vhost));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(definitions);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings always serialize", e);
    }
  }

  private static Map<String, Object> user(
      String name, Map<String, String> passwords, List<String> tags) {
    String password = passwords.get(name);
    if (password == null) {
      throw new IllegalArgumentException("no password for broker user " + name);
    }
    // RabbitMQ hashes a plain "password" on import.
    return object("name", name, "password", password, "tags", tags);
  }

  private static Map<String, Object> permission(String user, String vhost, String pattern) {
    return object(
        "user", user, "vhost", vhost, "configure", pattern, "write", pattern, "read", pattern);
  }

  private static List<Object> exchanges(String vhost) {
    return List.of(
        exchange(Topology.EVENTS_EXCHANGE, "topic", vhost),
        exchange(Topology.DEAD_LETTER_EXCHANGE, "direct", vhost));
  }

  private static Map<String, Object> exchange(String name, String type, String vhost) {
    return object(
        "name",
        name,
        "vhost",
        vhost,
        "type",
        type,
        "durable",
        true,
        "auto_delete",
        false,
        "internal",
        false,
        "arguments",
        Map.of());
  }

  private static List<Object> queues(String vhost) {
    List<Object> queues = new ArrayList<>();
    for (Topology.Queue queue : Topology.QUEUES) {
      queues.add(queue(queue.deadLetterQueue(), vhost, Map.of("x-queue-type", "quorum")));
      Map<String, Object> arguments =
          object(
              "x-queue-type",
              "quorum",
              "x-delivery-limit",
              BrokerTopology.DELIVERY_LIMIT,
              "x-dead-letter-exchange",
              Topology.DEAD_LETTER_EXCHANGE,
              "x-dead-letter-routing-key",
              queue.name());
      queues.add(queue(queue.name(), vhost, arguments));
    }
    return queues;
  }

  private static Map<String, Object> queue(
      String name, String vhost, Map<String, Object> arguments) {
    return object(
        "name",
        name,
        "vhost",
        vhost,
        "durable",
        true,
        "auto_delete",
        false,
        "arguments",
        arguments);
  }

  private static List<Object> bindings(String vhost) {
    List<Object> bindings = new ArrayList<>();
    for (Topology.Queue queue : Topology.QUEUES) {
      bindings.add(binding(Topology.EVENTS_EXCHANGE, queue.name(), queue.binding(), vhost));
      bindings.add(
          binding(Topology.DEAD_LETTER_EXCHANGE, queue.deadLetterQueue(), queue.name(), vhost));
    }
    return bindings;
  }

  private static Map<String, Object> binding(
      String source, String queue, String routingKey, String vhost) {
    return object(
        "source", source,
        "vhost", vhost,
        "destination", queue,
        "destination_type", "queue",
        "routing_key", routingKey,
        "arguments", Map.of());
  }

  /** A JSON object with its members in the given order: name, value, name, value, ... */
  private static Map<String, Object> object(Object... namesAndValues) {
    Map<String, Object> object = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      object.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return object;
  }
}
