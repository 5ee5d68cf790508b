import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on the orders API for {@code seconds}, then stop: {@code concurrency} callers each place
 * orders one after another (closed loop), or, with a {@code RATE} above 0, paced so that together
 * they offer that many orders per second (each on its schedule; a late caller sends at once). Caller {@code c} sends the bearer token on line
 * {@code c % n} of the tokens file (one customer per token). Prints accepted and failed counts;
 * completion is measured from the database by bench/lib.sh.
 *
 * <p>Usage: java bench/SagaLoad.java BASE_URL SECONDS CONCURRENCY TOKENS_FILE PRODUCT_PREFIX PRODUCTS [RATE]
 * <br>BASE_URL is the orders service ({@code http://127.0.0.1:8081}) or the gateway's API
 * ({@code http://127.0.0.1:8080/api}); orders are POSTed to {@code BASE_URL/orders}.
 */
public class SagaLoad {

    public static void main(String[] args) throws Exception {
        URI orders = URI.create(args[0].replaceAll("/+$", "") + "/orders");
        Duration duration = Duration.ofSeconds(Long.parseLong(args[1]));
        int concurrency = Integer.parseInt(args[2]);
        List<String> tokens = Files.readAllLines(Path.of(args[3])).stream().filter(t -> !t.isBlank()).toList();
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no tokens in " + args[3]);
        }
        String productPrefix = args[4];
        int products = Integer.parseInt(args[5]);
        double rate = args.length > 6 ? Double.parseDouble(args[6]) : 0;
        long intervalNanos = rate > 0 ? (long) (concurrency * 1e9 / rate) : 0;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                int caller = c;
                pool.submit(() -> {
                    long n = 0;
                    // Callers start spread over one interval so paced load is smooth.
                    long next = start + intervalNanos * caller / concurrency;
                    while (System.nanoTime() < end) {
                        if (intervalNanos > 0) {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(Duration.ofNanos(wait));
                            }
                            next += intervalNanos;
                        }
                        String product = productPrefix + "-" + ((caller + n++) % products);
                        String body = "{\"items\":[{\"productId\":\"" + product + "\",\"quantity\":1}]}";
                        HttpRequest request = HttpRequest.newBuilder(orders)
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + tokens.get(caller % tokens.size()))
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
