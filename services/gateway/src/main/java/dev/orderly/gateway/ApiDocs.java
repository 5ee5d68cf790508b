package dev.orderly.gateway;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * Swagger UI over the gateway's OpenAPI document, at {@code /docs/} when {@code
 * gateway.docs.enabled} is set (hack/run-local.sh does): the files of the swagger-ui webjar and a
 * page that points it at {@code /openapi.json}.
 */
final class ApiDocs implements HttpService {

  private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
  private static final Map<String, String> FILES =
      Map.of(
          "swagger-ui.css", "text/css",
          "swagger-ui-bundle.js", "text/javascript",
          "swagger-ui-standalone-preset.js", "text/javascript",
          "favicon-32x32.png", "image/png");
  private static final String INDEX =
      """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Orderly API</title>
            <link rel="icon" href="favicon-32x32.png"><link rel="stylesheet" href="swagger-ui.css"></head>
            <body><div id="ui"></div>
            <script src="swagger-ui-bundle.js"></script><script src="swagger-ui-standalone-preset.js"></script>
            <script src="init.js"></script></body>
            </html>
            """;
  private static final String INIT =
      """
            window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#ui", deepLinking: true,
              presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"});
            """;

  private final String version = webjarVersion();

  @Override
  public void routing(HttpRules rules) {
    rules
        .get(
            "/",
            (req, res) ->
                send(res, "text/html; charset=utf-8", INDEX.getBytes(StandardCharsets.UTF_8)))
        .get(
            "/init.js",
            (req, res) -> send(res, "text/javascript", INIT.getBytes(StandardCharsets.UTF_8)))
        .get("/{file}", this::file);
  }

  private void file(ServerRequest req, ServerResponse res) {
    String file = req.path().pathParameters().get("file");
    String type = FILES.get(file);
    if (type == null) {
      res.status(Status.NOT_FOUND_404).send();
      return;
    }
    try (InputStream in = resource(WEBJAR + version + "/" + file)) {
      send(res, type, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(ServerResponse res, String type, byte[] body) {
    res.header(HeaderNames.CONTENT_TYPE, type)
        .header(HeaderNames.CACHE_CONTROL, "public, max-age=3600")
        .send(body);
  }

  private static String webjarVersion() {
    Properties pom = new Properties();
    try (InputStream in = resource("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pom.getProperty("version");
  }

  private static InputStream resource(String name) {
    InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(
          "missing classpath resource " + name + " (the swagger-ui webjar)");
    }
    return in;
  }
}
