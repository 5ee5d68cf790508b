package dev.orderly.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.orderly.common.http.Problem;
import dev.orderly.common.http.ProblemException;
import dev.orderly.contracts.OrderLine;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlaceOrderRequestTest {

  @Test
  void validOrderBecomesOrderLines() {
    var request = new PlaceOrderRequest(List.of(new PlaceOrderRequest.Item("sku-1", 2)));
    assertThat(request.validate()).containsExactly(new OrderLine("sku-1", 2));
  }

  @Test
  void everyViolationIsListedWithItsField() {
    var request =
        new PlaceOrderRequest(
            Arrays.asList(
                new PlaceOrderRequest.Item("sku-1", 0),
                new PlaceOrderRequest.Item("sku 2!", 1),
                new PlaceOrderRequest.Item("sku-1", 1001),
                null,
                new PlaceOrderRequest.Item("sku-3", null)));

    var problem = catchThrowableOfType(ProblemException.class, request::validate).problem();

    assertThat(problem.status()).isEqualTo(422);
    assertThat(problem.errors())
        .extracting(Problem.FieldError::field)
        .containsExactly(
            "items[0].quantity",
            "items[1].productId",
            "items[2].productId",
            "items[2].quantity",
            "items[3]",
            "items[4].quantity");
  }

  @Test
  void emptyAndOversizedOrdersAreRefused() {
    var tooMany =
        IntStream.range(0, PlaceOrderRequest.MAX_ITEMS + 1)
            .mapToObj(i -> new PlaceOrderRequest.Item("sku-" + i, 1))
            .toList();
    for (var items : Arrays.asList(null, List.<PlaceOrderRequest.Item>of(), tooMany)) {
      var problem =
          catchThrowableOfType(
                  ProblemException.class, () -> new PlaceOrderRequest(items).validate())
              .problem();
      assertThat(problem.errors())
          .singleElement()
          .extracting(Problem.FieldError::field)
          .isEqualTo("items");
    }
  }

  @Test
  void fingerprintIsTheSameForTheSameOrderAndDiffersOtherwise() {
    var a = PlaceOrderRequest.fingerprint(List.of(new OrderLine("x", 1)));
    assertThat(PlaceOrderRequest.fingerprint(List.of(new OrderLine("x", 1)))).isEqualTo(a);
    assertThat(PlaceOrderRequest.fingerprint(List.of(new OrderLine("x", 2)))).isNotEqualTo(a);
  }
}
