package dev.orderly.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

@ServerTest
class OpenApiDocumentTest {

  private static final OpenApiDocument DOCUMENT = OpenApiDocument.load("openapi/widgets.yaml");

  private final Http1Client client;

  OpenApiDocumentTest(Http1Client client) {
    this.client = client;
  }

  @SetUpRoute
  static void routing(HttpRouting.Builder routing) {
    DOCUMENT.refuseUndocumentedMethods(routing);
    routing
        .register(DOCUMENT)
        .get("/widgets", (req, res) -> res.send("all"))
        .get("/widgets/{id}", (req, res) -> res.send(req.path().pathParameters().get("id")))
        .any("/widgets/*", (req, res) -> res.send("a catch-all after the filter"));
    ProblemResponses.register(routing);
  }

  @Test
  void theDocumentIsServedAsYamlAndAsJson() {
    try (Http1ClientResponse res = client.get("/openapi.yaml").request()) {
      assertThat(res.headers().contentType().orElseThrow().text()).isEqualTo("application/yaml");
      assertThat(res.as(String.class)).startsWith("openapi: 3.1.0");
    }
    try (Http1ClientResponse res = client.get("/openapi.json").request()) {
      assertThat(res.headers().contentType().orElseThrow().text()).isEqualTo("application/json");
      assertThat(res.as(String.class))
          .startsWith("{\"openapi\":\"3.1.0\"")
          .contains("\"/widgets/{id}\"");
    }
    try (Http1ClientResponse res =
        client.get("/openapi").header(HeaderNames.ACCEPT, "application/json").request()) {
      assertThat(res.as(String.class)).startsWith("{");
    }
    try (Http1ClientResponse res = client.get("/openapi").request()) {
      assertThat(res.as(String.class)).startsWith("openapi:");
    }
  }

  @Test
  void aMethodTheDocumentDoesNotListIs405WithTheAllowedOnes() {
    try (Http1ClientResponse res = client.method(Method.DELETE).path("/widgets/7").request()) {
      assertThat(res.status().code()).isEqualTo(405);
      assertThat(res.headers().first(HeaderNames.ALLOW)).hasValue("GET");
      assertThat(res.headers().contentType().orElseThrow().text())
          .isEqualTo("application/problem+json");
    }
    try (Http1ClientResponse res = client.method(Method.PUT).path("/widgets").request()) {
      assertThat(res.status().code()).isEqualTo(405);
      assertThat(res.headers().first(HeaderNames.ALLOW)).hasValue("GET, POST");
    }
    try (Http1ClientResponse res = client.get("/widgets/7").request()) {
      assertThat(res.as(String.class))
          .as("documented methods reach the service's routes")
          .isEqualTo("7");
    }
  }
}
