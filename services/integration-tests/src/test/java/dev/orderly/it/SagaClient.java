package dev.orderly.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A thin HTTP client of the orders and inventory APIs, the way a caller sees them. */
final class SagaClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final URI orders;
    private final URI inventory;

    SagaClient(URI orders, URI inventory) {
        this.orders = orders;
        this.inventory = inventory;
    }

    /** An HTTP answer. */
    record Response(int status, Map<String, List<String>> headers, JsonNode body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    /** Creates a product with {@code stock} units; fails the test unless it was created. */
    void createProduct(String id, int stock) {
        Response r = send(HttpRequest.newBuilder(inventory.resolve("/products"))
                .POST(body(Map.of("id", id, "name", "Product " + id, "stock", stock))), Map.of());
        if (r.status() != 201) {
            throw new AssertionError("creating product " + id + " answered " + r);
        }
    }

    int available(String productId) {
        return get(inventory.resolve("/products/" + productId), Map.of()).body().get("available").asInt();
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
        var lines = items.entrySet().stream()
                .map(e -> Map.of("productId", e.getKey(), "quantity", e.getValue())).toList();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Customer-Id", customer);
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        return send(HttpRequest.newBuilder(orders.resolve("/orders")).POST(body(Map.of("items", lines))), headers);
    }

    Response postOrderBody(String customer, byte[] raw) {
        return send(HttpRequest.newBuilder(orders.resolve("/orders"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(raw)), Map.of("X-Customer-Id", customer));
    }

    Response order(String customer, UUID id) {
        return get(orders.resolve("/orders/" + id), Map.of("X-Customer-Id", customer));
    }

    String status(String customer, UUID id) {
        return order(customer, id).body().get("status").asText();
    }

    Response timeline(String customer, UUID id) {
        return get(orders.resolve("/orders/" + id + "/timeline"), Map.of("X-Customer-Id", customer));
    }

    Response cancel(String customer, UUID id) {
        return send(HttpRequest.newBuilder(orders.resolve("/orders/" + id + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()), Map.of("X-Customer-Id", customer));
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

    private static Response send(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        request.header("Content-Type", "application/json").timeout(Duration.ofSeconds(10));
        try {
            HttpResponse<byte[]> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = r.body().length == 0 ? null : JSON.readTree(r.body());
            return new Response(r.statusCode(), r.headers().map(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.BodyPublisher body(Object value) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
