package dev.orderly.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.common.uri.UriPath;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A service's OpenAPI document, written as YAML on the classpath and served as YAML ({@code
 * /openapi.yaml}) and JSON ({@code /openapi.json}); {@code /openapi} answers JSON to a client that
 * prefers it and YAML otherwise.
 */
public final class OpenApiDocument implements HttpService {

  private static final String YAML = "application/yaml";
  private static final String JSON = "application/json";

  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final byte[] yaml;
  private final byte[] json;
  private final List<Documented> documented;

  private OpenApiDocument(byte[] yaml, byte[] json, Map<String, Set<Method>> methodsByPath) {
    this.yaml = yaml;
    this.json = json;
    this.documented =
        methodsByPath.entrySet().stream()
            .map(
                path ->
                    new Documented(
                        path.getKey(),
                        PathMatchers.create(path.getKey()),
                        path.getValue(),
                        path.getValue().stream()
                            .map(Method::text)
                            .collect(Collectors.joining(", "))))
            .toList();
  }

  /**
   * The document in classpath resource {@code resource}; fails at once when it is missing or no
   * YAML.
   */
  public static OpenApiDocument load(String resource) {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + resource);
      }
      byte[] yaml = in.readAllBytes();
      JsonNode tree = new YAMLMapper().readTree(yaml);
      Map<String, Set<Method>> methods = new LinkedHashMap<>();
      tree.path("paths")
          .properties()
          .forEach(
              path ->
                  methods.put(
                      path.getKey(),
                      METHODS.stream()
                          .filter(path.getValue()::has)
                          .map(method -> Method.create(method.toUpperCase(Locale.ROOT)))
                          .collect(Collectors.toCollection(LinkedHashSet::new))));
      return new OpenApiDocument(yaml, new ObjectMapper().writeValueAsBytes(tree), methods);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  @Override
  public void routing(HttpRules rules) {
    rules
        .get("/openapi.yaml", (req, res) -> send(res, YAML, yaml))
        .get("/openapi.json", (req, res) -> send(res, JSON, json))
        .get("/openapi", this::negotiate);
  }

  /**
   * Answers 405 with {@code Allow} to a method the document does not list on one of its paths. A
   * filter, so it answers before authentication does: the method is wrong whoever asks.
   */
  public void refuseUndocumentedMethods(HttpRouting.Builder routing) {
    routing.addFilter(
        (chain, req, res) -> {
          Documented path = documented(req.path());
          if (path != null && !path.methods().contains(req.prologue().method())) {
            res.header(HeaderNames.ALLOW, path.allow());
            ProblemResponses.send(
                res,
                Problem.of(
                    "method-not-allowed",
                    "Method not allowed",
                    405,
                    req.prologue().method().text()
                        + " is not allowed here; allowed: "
                        + path.allow()));
            return;
          }
          chain.proceed();
        });
  }

  /**
   * The documented path template {@code path} matches (e.g. {@code /orders/{id}}), or null: the
   * route a span and a latency series are named after.
   */
  public String route(UriPath path) {
    Documented route = documented(path);
    return route == null ? null : route.template();
  }

  private Documented documented(UriPath path) {
    for (Documented candidate : documented) {
      if (candidate.matcher().match(path).accepted()) {
        return candidate;
      }
    }
    return null;
  }

  /** A documented path and its methods. */
  private record Documented(
      String template, PathMatcher matcher, Set<Method> methods, String allow) {}

  private void negotiate(ServerRequest req, ServerResponse res) {
    boolean wantsJson =
        req.headers().acceptedTypes().stream()
            .findFirst()
            .map(type -> type.test(MediaTypes.APPLICATION_JSON))
            .orElse(false);
    if (wantsJson) {
      send(res, JSON, json);
    } else {
      send(res, YAML, yaml);
    }
  }

  private static void send(ServerResponse res, String contentType, byte[] body) {
    res.header(HeaderNames.CONTENT_TYPE, contentType).send(body);
  }
}
