package dev.orderly.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderly.common.http.Json;
import dev.orderly.common.http.Problem;
import dev.orderly.common.http.ProblemResponses;
import io.helidon.http.Header;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * {@code GET /api/orders/{id}/details}: the order, its reservation and its timeline, fetched in
 * parallel, each within its own deadline. The order is required (its answer decides 404, 401, 403);
 * a reservation or timeline that cannot be had in time leaves {@code "partial": true} and its name
 * in {@code "missing"}. A 404 for the reservation means there is none yet ({@code null}), not a
 * gap.
 */
final class DetailsHandler implements Handler {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private final Upstream orders;
  private final Upstream inventory;
  private final Duration partTimeout;
  private final TrustedProxies trustedProxies;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  DetailsHandler(
      Upstream orders, Upstream inventory, Duration partTimeout, TrustedProxies trustedProxies) {
    this.orders = orders;
    this.inventory = inventory;
    this.partTimeout = partTimeout;
    this.trustedProxies = trustedProxies;
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) {
    String id = req.path().pathParameters().get("id");
    if (!ID.matcher(id).matches()) {
      ProblemResponses.send(res, Problem.of("not-found", "Not found", 404, "no order " + id));
      return;
    }
    List<Header> headers =
        ForwardedRequests.upstreamHeaders(req, trustedProxies.clientAddress(req));
    long deadline = System.nanoTime() + partTimeout.toNanos();
    var order = fetch(orders, "/orders/" + id, headers);
    var reservation = fetch(inventory, "/reservations/" + id, headers);
    var timeline = fetch(orders, "/orders/" + id + "/timeline", headers);

    UpstreamResponse orderResponse;
    try {
      orderResponse = order.get(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      order.cancel(true);
      ProblemResponses.send(
          res,
          Problem.of(
              "upstream-timeout",
              "Gateway timeout",
              504,
              "the orders service did not answer in time"));
      return;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UpstreamException u) {
        GatewayProblems.send(res, u);
        return;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (orderResponse.status() != 200) {
      ProxyHandler.relay(res, orderResponse); // 404, 401, 403 ... as the orders service said
      return;
    }
    ObjectNode body = Json.mapper().createObjectNode();
    List<String> missing = new ArrayList<>();
    body.set("order", parse(orderResponse));
    body.set("reservation", part(reservation, "reservation", missing, true, deadline));
    body.set("timeline", part(timeline, "timeline", missing, false, deadline));
    body.put("partial", !missing.isEmpty());
    body.set("missing", Json.mapper().valueToTree(missing));
    Json.send(res, Status.OK_200, body);
  }

  private CompletableFuture<UpstreamResponse> fetch(
      Upstream upstream, String path, List<Header> headers) {
    UpstreamRequest request = new UpstreamRequest("GET", path, headers, new byte[0], true);
    // Context.wrap: the part's spans are children of the request's span on another thread.
    return CompletableFuture.supplyAsync(
        Context.current().wrapSupplier(() -> upstream.exchange(request)), executor);
  }

  /** The part's JSON; null and listed as missing when it failed or is late. */
  private JsonNode part(
      CompletableFuture<UpstreamResponse> future,
      String name,
      List<String> missing,
      boolean notFoundIsNull,
      long deadline) {
    try {
      // Every part started with the order, so each has the same deadline.
      UpstreamResponse response = future.get(remaining(deadline), TimeUnit.NANOSECONDS);
      if (response.status() == 200) {
        return parse(response);
      }
      if (response.status() == 404 && notFoundIsNull) {
        return null;
      }
    } catch (TimeoutException e) {
      future.cancel(true);
    } catch (ExecutionException | RuntimeException e) {
      // counted by the upstream's metrics; reported as missing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    missing.add(name);
    return null;
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static JsonNode parse(UpstreamResponse response) {
    try {
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      return Json.mapper()
          .getNodeFactory()
          .textNode(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
