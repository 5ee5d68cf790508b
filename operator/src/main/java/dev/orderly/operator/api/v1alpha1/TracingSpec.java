package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Where the services send their OpenTelemetry spans, and how many traces they keep. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TracingSpec(
    @JsonPropertyDescription(
            "Base URL of an OTLP/HTTP receiver (an OpenTelemetry Collector, Jaeger, Tempo ...), e.g. http://otel-collector.observability.svc:4318; the services post spans to <url>/v1/traces. Tracing is off when omitted.")
        @Pattern("^https?://[^\\s/?#]+(/[^\\s?#]*)?$")
        String otlpEndpoint,
    @JsonPropertyDescription(
            "Share of new traces recorded, 0 to 1 (default 1: every trace); a request that arrives with a sampled trace context is always recorded.")
        @Min(0)
        @Max(1)
        Double samplingRatio) {}
