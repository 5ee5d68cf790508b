package dev.orderly.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsTheKubernetesStyleAndIso8601() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse(" PT2S ")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void thePatternAcceptsWhatParseAccepts() {
    for (String value :
        new String[] {"500ms", "30s", "5m", "1h", "PT2S", "PT1.5S", "P1D", "PT1M30S"}) {
      assertThat(value).matches(Durations.PATTERN);
      assertThat(Durations.parse(value)).isPositive();
    }
    for (String value : new String[] {"soon", "30", "1d", "-5s", "PT"}) {
      assertThat(value).doesNotMatch(Durations.PATTERN);
      assertThatThrownBy(() -> Durations.parse(value)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void namesTheBadValue() {
    assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("'soon'");
  }
}
