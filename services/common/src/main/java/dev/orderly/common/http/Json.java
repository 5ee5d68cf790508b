package dev.orderly.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;

/**
 * Strict JSON request bodies (size-limited, unknown fields rejected, no value of one JSON type
 * taken for another: {@code 1.5} or {@code "1"} is not an integer, {@code 5} not a string) and JSON
 * responses.
 */
public final class Json {

  /** Largest request body any service accepts. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final ObjectMapper MAPPER =
      strict(
          new ObjectMapper()
              .registerModule(new JavaTimeModule())
              .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
              .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
              .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
              // Exact, so that wholeNumbers can tell 3.0 from 3.0000000000000004.
              .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS));

  /** Jackson converts between scalar types by default; the OpenAPI schemas do not. */
  private static ObjectMapper strict(ObjectMapper mapper) {
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    return mapper;
  }

  private Json() {}

  /** The shared mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Reads the raw body, answering 413 past {@link #MAX_BODY_BYTES} and 400 when it is empty. */
  public static byte[] readBody(ServerRequest request) {
    long declared = request.headers().contentLength().orElse(-1L);
    if (declared > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    try (InputStream in = request.content().inputStream()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw tooLarge();
      }
      if (body.length == 0) {
        throw ProblemException.badRequest("a JSON body is required");
      }
      return body;
    } catch (IOException e) {
      throw ProblemException.badRequest("cannot read the request body: " + e.getMessage());
    }
  }

  /** Parses the body as {@code type}, answering 400 for malformed JSON or unknown fields. */
  public static <T> T read(ServerRequest request, Class<T> type) {
    return parse(readBody(request), type);
  }

  /** Parses {@code body} as {@code type}, answering 400 for malformed JSON or unknown fields. */
  public static <T> T parse(byte[] body, Class<T> type) {
    try {
      JsonNode tree = MAPPER.readTree(body);
      T value =
          tree == null || tree.isMissingNode() ? null : MAPPER.treeToValue(normalized(tree), type);
      if (value == null) {
        throw ProblemException.badRequest("the body must be a JSON object");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw ProblemException.badRequest("unknown field '" + e.getPropertyName() + "'");
    } catch (MismatchedInputException e) {
      if (e.getTargetType() != null && !e.getPath().isEmpty()) {
        throw ProblemException.badRequest(
            "'" + path(e) + "' must be " + describe(e.getTargetType()));
      }
      throw ProblemException.badRequest("malformed JSON: " + firstSentence(e));
    } catch (JsonProcessingException e) {
      throw ProblemException.badRequest("malformed JSON: " + firstSentence(e));
    } catch (IOException e) {
      throw ProblemException.badRequest("unreadable body: " + e.getMessage());
    }
  }

  /**
   * The request as the schemas read it. JSON Schema's integer is a number without a fraction,
   * written {@code 3} or {@code 3.0}: integral numbers written with a fraction become integers, so
   * an integer field takes them, and {@code 3.5} stays a fraction an integer field refuses. No text
   * holds U+0000, which no PostgreSQL text column stores.
   */
  private static JsonNode normalized(JsonNode node) {
    if (node.isFloatingPointNumber()) {
      BigDecimal value = node.decimalValue();
      return value.stripTrailingZeros().scale() <= 0
          ? BigIntegerNode.valueOf(value.toBigInteger())
          : node;
    }
    if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
      throw ProblemException.badRequest("text must not contain the character U+0000");
    }
    if (node instanceof ObjectNode object) {
      object.properties().forEach(field -> field.setValue(normalized(field.getValue())));
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, normalized(array.get(i)));
      }
    }
    return node;
  }

  /** Sends {@code value} as JSON with {@code status}. */
  public static void send(ServerResponse response, Status status, Object value) {
    try {
      byte[] bytes = MAPPER.writeValueAsBytes(value);
      response.status(status).header(HeaderNames.CONTENT_TYPE, "application/json").send(bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize response", e);
    }
  }

  private static ProblemException tooLarge() {
    return new ProblemException(
        Problem.of(
            "payload-too-large",
            "Payload too large",
            413,
            "the request body exceeds " + MAX_BODY_BYTES + " bytes"));
  }

  /** Jackson appends source locations in parentheses; the first sentence is what a client needs. */
  private static String firstSentence(JsonProcessingException e) {
    return e.getOriginalMessage().replaceAll("\\s*\\(.*$|\\s*at \\[Source.*$", "");
  }

  /** The field as a client wrote it, e.g. {@code items[0].quantity}. */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    return type == String.class ? "a string" : "a valid " + type.getSimpleName();
  }
}
