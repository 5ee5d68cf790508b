import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load on the orders service: {@code concurrency} callers each place orders one after
 * another for {@code seconds}, then stop. Prints accepted and failed counts; completion is measured
 * from the database by bench/saga.sh.
 *
 * <p>Usage: java bench/SagaLoad.java URL SECONDS CONCURRENCY CUSTOMER_PREFIX PRODUCT_PREFIX PRODUCTS
 */
public class SagaLoad {

    public static void main(String[] args) throws Exception {
        URI orders = URI.create(args[0]).resolve("/orders");
        Duration duration = Duration.ofSeconds(Long.parseLong(args[1]));
        int concurrency = Integer.parseInt(args[2]);
        String customerPrefix = args[3];
        String productPrefix = args[4];
        int products = Integer.parseInt(args[5]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                int caller = c;
                pool.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        String product = productPrefix + "-" + ((caller + n++) % products);
                        String body = "{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}";
                        HttpRequest request = HttpRequest.newBuilder(orders)
                                .header("Content-Type", "application/json")
                                .header("X-Customer-Id", customerPrefix + "-" + caller)
                                .timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        try {
                            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                            (status == 202 ? accepted : failed).incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        System.out.printf("accepted=%d failed=%d seconds=%d%n", accepted.get(), failed.get(), duration.toSeconds());
    }
}
