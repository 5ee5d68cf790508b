package dev.orderly.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.contracts.OrderLine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StockCheckTest {

  @Test
  void everyLineCoveredReservesAll() {
    assertThat(
            StockCheck.shortfall(
                List.of(new OrderLine("a", 2), new OrderLine("b", 5)), Map.of("a", 2, "b", 9)))
        .isEmpty();
  }

  @Test
  void oneShortLineRejectsTheWholeOrderNamingIt() {
    assertThat(
            StockCheck.shortfall(
                List.of(new OrderLine("a", 1), new OrderLine("b", 5)), Map.of("a", 10, "b", 4)))
        .contains("OUT_OF_STOCK: b (wanted 5, available 4)");
  }

  @Test
  void unknownProductIsNamed() {
    assertThat(StockCheck.shortfall(List.of(new OrderLine("ghost", 1)), Map.of()))
        .contains("UNKNOWN_PRODUCT: ghost");
  }
}
