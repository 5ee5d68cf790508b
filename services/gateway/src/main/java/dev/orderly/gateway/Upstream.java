package dev.orderly.gateway;

import dev.orderly.common.http.ObservedCall;
import io.helidon.faulttolerance.Bulkhead;
import io.helidon.faulttolerance.BulkheadException;
import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.helidon.faulttolerance.SupplierException;
import io.helidon.faulttolerance.Timeout;
import io.helidon.faulttolerance.TimeoutException;
import io.helidon.http.Header;
import io.helidon.http.HeaderValues;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Metrics;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upstream service behind a pooled HTTP/1.1 client (the JDK's), guarded by a bulkhead, a
 * circuit breaker and a timeout (helidon-faulttolerance), in that order. Connection failures,
 * timeouts and 502/503/504 answers count as failures for the circuit; idempotent requests are
 * retried after connection failures and 502/503 with a short jittered backoff (never after a
 * timeout, which would multiply the wait, and never when the circuit is open).
 */
public final class Upstream {

  private static final Logger LOG = LoggerFactory.getLogger(Upstream.class);

  private final String name;
  private final URI base;
  private final HttpClient client;
  private final Bulkhead bulkhead;
  private final CircuitBreaker breaker;
  private final Timeout timeout;
  private final Map<String, Counter> failures;
  private final int retries;
  private final long circuitDelaySeconds;
  private final long timeoutNanos;

  public Upstream(String name, URI base, GatewaySettings settings) {
    this.name = name;
    this.base = base;
    this.retries = settings.retries();
    this.circuitDelaySeconds = Math.max(1, (settings.circuit().delay().toMillis() + 999) / 1000);
    Duration callTimeout = settings.upstreamTimeout();
    this.timeoutNanos = callTimeout.toNanos();
    // Not Helidon 4.1.2's client: its pooled connections race their idle monitor, which can take
    // the first byte of the next answer ("Protocol is not HTTP", a 502 for a request the upstream
    // did carry out; helidon-io/helidon#10861), and it starts a thread per idle connection.
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(Math.min(1000, callTimeout.toMillis())))
            .followRedirects(HttpClient.Redirect.NEVER)
            // Completions run on the client's selector thread, which wakes the waiting request
            // thread directly: the default pool adds a thread hand-off to every answer. Nothing
            // here blocks (answers are read into byte arrays).
            .executor(Runnable::run)
            .build();
    this.bulkhead =
        Bulkhead.builder()
            .name(name + "-bulkhead")
            .limit(settings.bulkheadLimit())
            .queueLength(settings.bulkheadQueue())
            .build();
    this.breaker =
        CircuitBreaker.builder()
            .name(name + "-circuit")
            .delay(settings.circuit().delay())
            .volume(settings.circuit().volume())
            .errorRatio(settings.circuit().errorRatio())
            .successThreshold(1)
            .build();
    // currentThread: on timeout the calling thread is interrupted, which closes its socket, so no
    // orphaned call keeps a connection busy after the client got its 504.
    this.timeout =
        Timeout.builder().name(name + "-timeout").timeout(callTimeout).currentThread(true).build();
    Metrics.globalRegistry()
        .getOrCreate(
            Gauge.builder("orderly_gateway_circuit_state", this::circuitState)
                .description("circuit breaker state per upstream: 0 closed, 1 half-open, 2 open")
                .tags(Metrics.tags("upstream", name)));
    // Every kind exists from the start at 0, so a rate over the first failure is not empty.
    this.failures =
        Stream.of("bad_status", "circuit_open", "bulkhead_full", "timeout", "unreachable")
            .collect(
                Collectors.toUnmodifiableMap(
                    kind -> kind,
                    kind ->
                        Metrics.globalRegistry()
                            .getOrCreate(
                                Counter.builder("orderly_gateway_upstream_failures_total")
                                    .description("calls to the upstream that failed, by kind")
                                    .tags(Metrics.tags("upstream", name, "kind", kind)))));
  }

  public String name() {
    return name;
  }

  /** 0 closed, 1 half-open, 2 open. */
  public int circuitState() {
    return switch (breaker.state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  /**
   * Sends {@code request} and returns the upstream's answer (any status).
   *
   * @throws UpstreamException when no answer could be had
   */
  public UpstreamResponse exchange(UpstreamRequest request) {
    int attempts = request.retryable() ? 1 + retries : 1;
    // Taken here, on the request's thread: each attempt's span is a child of the request's.
    Context parent = Context.current();
    for (int attempt = 1; ; attempt++) {
      long start = System.nanoTime();
      try {
        return guarded(request, parent);
      } catch (RuntimeException thrown) {
        Throwable e = unwrap(thrown);
        if (interruptedByTimeout(e, System.nanoTime() - start)) {
          Thread.interrupted(); // the timeout's interrupt must not leak into the request thread
          e = new TimeoutException("Timeout reached", e);
        }
        if (e instanceof FailedAnswer answer) {
          if (attempt >= attempts || answer.response.status() == 504) {
            return answer.response;
          }
          failure("bad_status");
        } else if (e instanceof CircuitBreakerOpenException) {
          failure("circuit_open");
          throw new UpstreamException(
              UpstreamException.Kind.CIRCUIT_OPEN, name, circuitDelaySeconds, e);
        } else if (e instanceof BulkheadException) {
          failure("bulkhead_full");
          throw new UpstreamException(UpstreamException.Kind.BULKHEAD_FULL, name, 1, e);
        } else if (e instanceof TimeoutException
            || e instanceof java.util.concurrent.TimeoutException) {
          failure("timeout");
          throw new UpstreamException(UpstreamException.Kind.TIMEOUT, name, 0, e);
        } else {
          failure("unreachable");
          if (attempt >= attempts) {
            LOG.warn("{} call failed: {}", name, e.toString());
            throw new UpstreamException(UpstreamException.Kind.UNREACHABLE, name, 0, e);
          }
        }
      }
      backoff(attempt);
    }
  }

  /**
   * Whether a failure is really the timeout: the timeout interrupts the calling thread, and the
   * {@link #send} failure that interrupt causes can win the race against the timeout's own
   * exception.
   */
  private boolean interruptedByTimeout(Throwable e, long elapsedNanos) {
    if (e instanceof TimeoutException
        || e instanceof CircuitBreakerOpenException
        || e instanceof BulkheadException
        || e instanceof FailedAnswer) {
      return false;
    }
    if (elapsedNanos >= timeoutNanos) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  /** The exception a fault-tolerance handler wrapped. */
  private static Throwable unwrap(Throwable e) {
    Throwable current = e;
    while ((current instanceof SupplierException
            || current instanceof java.util.concurrent.ExecutionException
            || current instanceof java.util.concurrent.CompletionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private UpstreamResponse guarded(UpstreamRequest request, Context parent) {
    return bulkhead.invoke(
        () ->
            breaker.invoke(
                () ->
                    timeout.invoke(
                        () -> {
                          UpstreamResponse response = send(request, parent);
                          int s = response.status();
                          if (s == 502 || s == 503 || s == 504) {
                            throw new FailedAnswer(response);
                          }
                          return response;
                        })));
  }

  /** One attempt, observed (span, trace context, histogram). */
  private UpstreamResponse send(UpstreamRequest request, Context parent) {
    URI uri = base.resolve(request.pathAndQuery());
    HttpRequest.Builder out =
        HttpRequest.newBuilder(uri)
            .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
    for (Header h : request.headers()) {
      for (String value : h.allValues()) {
        out.header(h.name(), value);
      }
    }
    try (ObservedCall call = ObservedCall.start(name, request.method(), uri, parent, out)) {
      try {
        HttpResponse<byte[]> in = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        call.answered(in.statusCode());
        List<Header> headers = new ArrayList<>();
        in.headers()
            .map()
            .forEach((name, values) -> headers.add(HeaderValues.create(name, values)));
        return new UpstreamResponse(in.statusCode(), headers, in.body());
      } catch (IOException e) {
        call.failed(e);
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        call.failed(e);
        // The timeout interrupts this thread; exchange() tells that apart from other failures.
        throw new UncheckedIOException(
            new InterruptedIOException("interrupted while waiting for " + name));
      }
    }
  }

  private void failure(String kind) {
    failures.get(kind).increment();
  }

  private static void backoff(int attempt) {
    long millis = (25L << (attempt - 1)) + ThreadLocalRandom.current().nextLong(25);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A 502/503/504 answer: counted as a failure by the circuit, then returned as is. */
  private static final class FailedAnswer extends RuntimeException {
    final transient UpstreamResponse response;

    FailedAnswer(UpstreamResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }
}
