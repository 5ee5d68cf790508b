package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** Where every pod of the platform (services, database, broker) may run. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchedulingSpec(
    @JsonPropertyDescription(
            "Node labels every pod's node must carry, e.g. {kubernetes.io/os: linux}.")
        Map<String, String> nodeSelector,
    @JsonPropertyDescription("Taints every pod tolerates, e.g. of nodes dedicated to the platform.")
        List<TolerationSpec> tolerations) {}
