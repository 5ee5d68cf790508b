package dev.orderly.orders;

import dev.orderly.common.http.ObservedCall;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An early check that ordered products exist, asked of the inventory service and remembered
 * (products are never deleted). It is a courtesy for a quick 422, not the authority: when inventory
 * cannot be asked, the order is accepted and the saga rejects unknown products.
 */
public final class ProductCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(ProductCatalog.class);

  private final URI inventory;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
  private final Set<String> known = ConcurrentHashMap.newKeySet();

  public ProductCatalog(URI inventory) {
    this.inventory = inventory;
  }

  /** The answer about one product. */
  public enum Answer {
    EXISTS,
    UNKNOWN,
    CANNOT_TELL
  }

  /** Whether {@code productId} exists, as far as can be told right now. */
  public Answer lookup(String productId) {
    if (known.contains(productId)) {
      return Answer.EXISTS;
    }
    URI uri = inventory.resolve("/products/" + productId);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).GET();
    try (ObservedCall call =
        ObservedCall.start("inventory", "GET", uri, Context.current(), request)) {
      try {
        int status =
            client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        call.answered(status);
        if (status == 200) {
          known.add(productId);
          return Answer.EXISTS;
        }
        if (status == 404) {
          return Answer.UNKNOWN;
        }
        LOG.warn("inventory answered {} for product {}; accepting the order", status, productId);
      } catch (java.io.IOException e) {
        call.failed(e);
        LOG.warn(
            "inventory unreachable ({}); accepting the order, the saga will check it",
            e.toString());
      } catch (InterruptedException e) {
        call.failed(e);
        Thread.currentThread().interrupt();
      }
    }
    return Answer.CANNOT_TELL;
  }
}
