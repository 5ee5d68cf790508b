package dev.orderly.common.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceContextTest {

  @Test
  void continuesAValidTraceparentAndStartsAChildSpan() {
    String parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    TraceContext trace = TraceContext.fromTraceparent(parent);
    TraceContext child = trace.child();

    assertThat(trace.traceparent()).isEqualTo(parent);
    assertThat(child.traceId()).isEqualTo(trace.traceId());
    assertThat(child.spanId()).isNotEqualTo(trace.spanId()).hasSize(16);
  }

  @Test
  void malformedOrAllZeroHeadersStartANewTrace() {
    for (String bad :
        new String[] {
          null,
          "",
          "garbage",
          "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01",
          "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"
        }) {
      TraceContext trace = TraceContext.fromTraceparent(bad);
      assertThat(trace.traceparent())
          .as("for %s", bad)
          .matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
          .doesNotContain("0".repeat(32));
    }
  }
}
