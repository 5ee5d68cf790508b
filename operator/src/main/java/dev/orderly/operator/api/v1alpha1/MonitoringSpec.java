package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Who may scrape the platform's metrics through its NetworkPolicies. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitoringSpec(
    @JsonPropertyDescription(
            "Namespaces whose pods (Prometheus) may scrape the services' observe port (9090, /observe/metrics) and RabbitMQ's Prometheus port (15692, /metrics); none when omitted.")
        List<String> namespaces) {}
