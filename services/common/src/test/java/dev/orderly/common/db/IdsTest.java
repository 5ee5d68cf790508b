package dev.orderly.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void idsAreVersion7AndSortInTheOrderTheyWereMade() throws Exception {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      UUID id = Ids.next();
      assertThat(id.version()).isEqualTo(7);
      assertThat(id.variant()).isEqualTo(2);
      made.add(id.toString());
      if (i % 250 == 0) {
        Thread.sleep(2);
      }
    }
    // PostgreSQL orders uuid values bytewise, as their lower-case text sorts.
    assertThat(made).isSorted().doesNotHaveDuplicates();
  }
}
