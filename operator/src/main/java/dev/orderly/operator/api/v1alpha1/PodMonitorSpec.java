package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import java.util.Map;

/**
 * The platform's PodMonitor: whether it is made, how often Prometheus scrapes, and the labels its
 * Prometheus selects.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodMonitorSpec(
    @JsonPropertyDescription(
            "Create a PodMonitor selecting the platform's service and RabbitMQ pods when the cluster serves monitoring.coreos.com/v1 PodMonitor; false deletes it.")
        @Default("true")
        Boolean enabled,
    @JsonPropertyDescription("How often Prometheus scrapes each pod, e.g. 15s or 1m.")
        @Default("30s")
        @Pattern("^[0-9]+(ms|s|m|h)$")
        String interval,
    @JsonPropertyDescription(
            "Labels added to the PodMonitor, e.g. what the Prometheus resource's podMonitorSelector matches.")
        Map<String, String> labels) {}
