package dev.orderly.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The definitions file RabbitMQ imports at boot ({@code load_definitions}): users, permissions, topology. */
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
      String vhost, String adminUser, Map<String, String> passwords, List<String> applicationUsers) {
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

  private static Map<String, Object> user(String name, Map<String, String> passwords, List<String> tags) {
    String password = passwords.get(name);
    if (password == null) {
      throw new IllegalArgumentException("no password for broker user " + name);
    }
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("name", name);
    // RabbitMQ hashes a plain "password" on import.
    user.put("password", password);
    user.put("tags", tags);
    return user;
  }

  private static Map<String, Object> permission(String user, String vhost, String pattern) {
    Map<String, Object> permission = new LinkedHashMap<>();
    permission.put("user", user);
    permission.put("vhost", vhost);
    permission.put("configure", pattern);
    permission.put("write", pattern);
    permission.put("read", pattern);
    return permission;
  }

  private static List<Object> exchanges(String vhost) {
    return List.of(
        exchange(BrokerTopology.EVENTS_EXCHANGE, "topic", vhost),
        exchange(BrokerTopology.DEAD_LETTER_EXCHANGE, "direct", vhost));
  }

  private static Map<String, Object> exchange(String name, String type, String vhost) {
    Map<String, Object> exchange = new LinkedHashMap<>();
    exchange.put("name", name);
    exchange.put("vhost", vhost);
    exchange.put("type", type);
    exchange.put("durable", true);
    exchange.put("auto_delete", false);
    exchange.put("internal", false);
    exchange.put("arguments", Map.of());
    return exchange;
  }

  private static List<Object> queues(String vhost) {
    List<Object> queues = new ArrayList<>();
    for (BrokerTopology.Queue queue : BrokerTopology.QUEUES) {
      queues.add(queue(queue.deadLetterQueue(), vhost, Map.of("x-queue-type", "quorum")));
      Map<String, Object> arguments = new LinkedHashMap<>();
      arguments.put("x-queue-type", "quorum");
      arguments.put("x-delivery-limit", BrokerTopology.DELIVERY_LIMIT);
      arguments.put("x-dead-letter-exchange", BrokerTopology.DEAD_LETTER_EXCHANGE);
      arguments.put("x-dead-letter-routing-key", queue.name());
      queues.add(queue(queue.name(), vhost, arguments));
    }
    return queues;
  }

  private static Map<String, Object> queue(String name, String vhost, Map<String, Object> arguments) {
    Map<String, Object> queue = new LinkedHashMap<>();
    queue.put("name", name);
    queue.put("vhost", vhost);
    queue.put("durable", true);
    queue.put("auto_delete", false);
    queue.put("arguments", arguments);
    return queue;
  }

  private static List<Object> bindings(String vhost) {
    List<Object> bindings = new ArrayList<>();
    for (BrokerTopology.Queue queue : BrokerTopology.QUEUES) {
      bindings.add(binding(BrokerTopology.EVENTS_EXCHANGE, queue.name(), queue.binding(), vhost));
      bindings.add(binding(BrokerTopology.DEAD_LETTER_EXCHANGE, queue.deadLetterQueue(), queue.name(), vhost));
    }
    return bindings;
  }

  private static Map<String, Object> binding(String source, String queue, String routingKey, String vhost) {
    Map<String, Object> binding = new LinkedHashMap<>();
    binding.put("source", source);
    binding.put("vhost", vhost);
    binding.put("destination", queue);
    binding.put("destination_type", "queue");
    binding.put("routing_key", routingKey);
    binding.put("arguments", Map.of());
    return binding;
  }
}
