package dev.orderly.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

  record Line(String productId, Integer quantity, Boolean gift) {}

  record Order(List<Line> items) {}

  @Test
  void valuesOfTheRightJsonTypeAreRead() {
    assertThat(
            Json.parse(
                bytes("{\"items\": [{\"productId\": \"sku-1\", \"quantity\": 2, \"gift\": true}]}"),
                Order.class))
        .isEqualTo(new Order(List.of(new Line("sku-1", 2, true))));
  }

  @Test
  void anIntegerMayBeWrittenWithAZeroFractionAsJsonSchemaAllows() {
    assertThat(
            Json.parse(
                bytes("{\"items\": [{\"productId\": \"sku-1\", \"quantity\": 435161.0}]}"),
                Order.class))
        .isEqualTo(new Order(List.of(new Line("sku-1", 435161, null))));
    assertThat(
            Json.parse(
                    bytes("{\"items\": [{\"productId\": \"sku-1\", \"quantity\": 2E1}]}"),
                    Order.class)
                .items()
                .getFirst()
                .quantity())
        .isEqualTo(20);
    assertThat(
            refusal(
                "{\"items\": [{\"productId\": \"sku-1\", \"quantity\": 1.0000000000000000001}]}"))
        .isEqualTo("'items[0].quantity' must be an integer");
  }

  @Test
  void noValueIsTakenForAnotherJsonTypeAndTheFieldIsNamed() {
    assertThat(refusal("{\"items\": [{\"productId\": \"sku-1\", \"quantity\": 1.5}]}"))
        .isEqualTo("'items[0].quantity' must be an integer");
    assertThat(refusal("{\"items\": [{\"productId\": \"sku-1\", \"quantity\": \"1\"}]}"))
        .isEqualTo("'items[0].quantity' must be an integer");
    assertThat(refusal("{\"items\": [{\"productId\": 5, \"quantity\": 1}]}"))
        .isEqualTo("'items[0].productId' must be a string");
    assertThat(
            refusal(
                "{\"items\": [{\"productId\": \"sku-1\", \"quantity\": 1, \"gift\": \"yes\"}]}"))
        .isEqualTo("'items[0].gift' must be true or false");
    assertThat(refusal("{\"items\": [{\"productId\": \"sku-1\", \"quantity\": 1, \"gift\": 1}]}"))
        .isEqualTo("'items[0].gift' must be true or false");
  }

  @Test
  void textWithTheNulCharacterIsRefusedBeforeItReachesTheDatabase() {
    assertThat(refusal("{\"items\": [{\"productId\": \"sku\\u0000\", \"quantity\": 1}]}"))
        .isEqualTo("text must not contain the character U+0000");
  }

  @Test
  void malformedJsonAndUnknownFieldsStayRefused() {
    assertThat(refusal("{\"items\": [")).startsWith("malformed JSON: ");
    assertThat(refusal("{\"items\": [], \"coupon\": \"x\"}")).isEqualTo("unknown field 'coupon'");
  }

  private static String refusal(String json) {
    Problem problem =
        catchThrowableOfType(ProblemException.class, () -> Json.parse(bytes(json), Order.class))
            .problem();
    assertThat(problem.status()).isEqualTo(400);
    return problem.detail();
  }

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
