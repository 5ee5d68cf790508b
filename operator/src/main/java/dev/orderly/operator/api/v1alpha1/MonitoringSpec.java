package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.List;

/**
 * Who may scrape the platform's metrics, the PodMonitor that tells the Prometheus Operator where
 * they are, and where the services send their traces.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitoringSpec(
    @JsonPropertyDescription(
            "Namespaces whose pods (Prometheus) may scrape the services' observe port (9090, /observe/metrics) and RabbitMQ's Prometheus port (15692, /metrics); none when omitted.")
        List<String> namespaces,
    @JsonPropertyDescription(
            "The PodMonitor (monitoring.coreos.com/v1) of the platform, created where the cluster serves that API; the chart's alert rules and dashboard read its series.")
        @Default("{}")
        PodMonitorSpec podMonitor,
    @JsonPropertyDescription(
            "OpenTelemetry traces: the services export spans over OTLP/HTTP to otlpEndpoint when it is set.")
        TracingSpec tracing) {}
