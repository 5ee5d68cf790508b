package dev.orderly.gateway;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Counts the answers to {@code /api/**} by status class ({@code orderly_gateway_responses_total}
 * with {@code code="2xx"} to {@code "5xx"}), the rate the 5xx alert and the dashboard divide.
 * Outermost of the gateway's filters, so refusals by the filters inside it count too.
 */
final class ResponseCounter implements Filter {

  private final Counter[] byClass = new Counter[6];

  ResponseCounter() {
    for (int statusClass = 1; statusClass <= 5; statusClass++) {
      byClass[statusClass] =
          Metrics.globalRegistry()
              .getOrCreate(
                  Counter.builder("orderly_gateway_responses_total")
                      .description("answers to /api requests by status class")
                      .tags(Metrics.tags("code", statusClass + "xx")));
    }
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    if (!RouteTable.isApi(req.path().rawPath())) {
      chain.proceed();
      return;
    }
    try {
      chain.proceed();
    } catch (RuntimeException e) {
      // The error handler answers it with a 5xx after this filter has returned.
      byClass[5].increment();
      throw e;
    }
    int statusClass = res.status().code() / 100;
    byClass[statusClass >= 1 && statusClass <= 5 ? statusClass : 5].increment();
  }
}
