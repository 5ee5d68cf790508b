package dev.orderly.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A thin HTTP client of the orders and inventory APIs, the way a caller sees them: each customer
 * calls with its own bearer token, products are created with the admin's.
 */
final class SagaClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String orders;
  private final String inventory;
  private final Tokens tokens;

  /**
   * @param orders base of the orders API ({@code /orders} is appended)
   * @param inventory base of the inventory API ({@code /products}, {@code /reservations}, {@code
   *     /admin})
   * @param tokens where tokens come from
   */
  SagaClient(String orders, String inventory, Tokens tokens) {
    this.orders = orders;
    this.inventory = inventory;
    this.tokens = tokens;
  }

  Tokens tokens() {
    return tokens;
  }

  /** An HTTP answer. */
  record Response(int status, Map<String, List<String>> headers, JsonNode body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  /**
   * Creates a product with {@code stock} units (as the admin); fails the test unless it was
   * created.
   */
  void createProduct(String id, int stock) {
    Response r =
        send(
            HttpRequest.newBuilder(URI.create(inventory + "/products"))
                .POST(body(Map.of("id", id, "name", "Product " + id, "stock", stock))),
            admin());
    if (r.status() != 201) {
      throw new AssertionError("creating product " + id + " answered " + r);
    }
  }

  int available(String productId) {
    return get(URI.create(inventory + "/products/" + productId), Map.of())
        .body()
        .get("available")
        .asInt();
  }

  /** Places an order of {@code items} (product id to quantity); returns its id. */
  UUID placeOrder(String customer, Map<String, Integer> items) {
    Response r = placeOrder(customer, items, null);
    if (r.status() != 202) {
      throw new AssertionError("placing an order answered " + r);
    }
    return UUID.fromString(r.body().get("id").asText());
  }

  Response placeOrder(String customer, Map<String, Integer> items, String idempotencyKey) {
    var lines =
        items.entrySet().stream()
            .map(e -> Map.of("productId", e.getKey(), "quantity", e.getValue()))
            .toList();
    Map<String, String> headers = new LinkedHashMap<>(as(customer));
    if (idempotencyKey != null) {
      headers.put("Idempotency-Key", idempotencyKey);
    }
    return send(
        HttpRequest.newBuilder(URI.create(orders + "/orders")).POST(body(Map.of("items", lines))),
        headers);
  }

  Response postOrderBody(String customer, byte[] raw) {
    return send(
        HttpRequest.newBuilder(URI.create(orders + "/orders"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(raw)),
        as(customer));
  }

  Response order(String customer, UUID id) {
    return get(URI.create(orders + "/orders/" + id), as(customer));
  }

  String status(String customer, UUID id) {
    return order(customer, id).body().get("status").asText();
  }

  Response timeline(String customer, UUID id) {
    return get(URI.create(orders + "/orders/" + id + "/timeline"), as(customer));
  }

  Response cancel(String customer, UUID id) {
    return send(
        HttpRequest.newBuilder(URI.create(orders + "/orders/" + id + "/cancel"))
            .POST(HttpRequest.BodyPublishers.noBody()),
        as(customer));
  }

  Response reservation(String customer, UUID id) {
    return get(URI.create(inventory + "/reservations/" + id), as(customer));
  }

  /** GET of an admin path of inventory ({@code /admin/...}) with the admin's token. */
  Response adminGet(String path) {
    return get(URI.create(inventory + path), admin());
  }

  /** Bodiless POST to an admin path of inventory with the admin's token. */
  Response adminPost(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(inventory + path))
            .POST(HttpRequest.BodyPublishers.noBody()),
        admin());
  }

  /** The headers that make a request come from {@code customer}. */
  Map<String, String> as(String customer) {
    return bearer(tokens.customer(customer));
  }

  private Map<String, String> admin() {
    return bearer(tokens.admin());
  }

  static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private Response get(URI uri, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(uri).GET(), headers);
  }

  /** A plain GET of any service URI. */
  static Response get(URI uri) {
    return send(HttpRequest.newBuilder(uri).GET(), Map.of());
  }

  /** A plain bodiless POST to any service URI. */
  static Response post(URI uri) {
    return send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()), Map.of());
  }

  static Response send(HttpRequest.Builder request, Map<String, String> headers) {
    headers.forEach(request::header);
    if (!headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    request.timeout(Duration.ofSeconds(10));
    try {
      HttpResponse<byte[]> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.headers().map(), body(r.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The answer's JSON; a text node when it is not JSON (a proxy's plain "Bad Gateway", say). */
  private static JsonNode body(byte[] raw) {
    if (raw.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(new String(raw, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HttpRequest.BodyPublisher body(Object value) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
