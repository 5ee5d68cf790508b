package dev.orderly.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void serializesAsRfc9457WithFieldErrorsOnlyWhenThereAreSome() throws Exception {
    String plain =
        Json.mapper().writeValueAsString(ProblemException.notFound("no order 42").problem());
    String invalid =
        Json.mapper()
            .writeValueAsString(
                ProblemException.invalid(
                        "bad order",
                        List.of(new Problem.FieldError("items[0].quantity", "between 1 and 1000")))
                    .problem());

    assertThat(plain)
        .isEqualTo(
            "{\"type\":\"https://orderly.dev/problems/not-found\",\"title\":\"Not found\","
                + "\"status\":404,\"detail\":\"no order 42\"}");
    assertThat(invalid).contains("\"status\":422", "\"errors\":[{\"field\":\"items[0].quantity\"");
  }
}
