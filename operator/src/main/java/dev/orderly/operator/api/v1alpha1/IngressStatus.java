package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Whether the platform's Ingress was admitted by its controller. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngressStatus(
    @JsonPropertyDescription(
            "True once the Ingress controller published an address for the Ingress.")
        Boolean admitted,
    @JsonPropertyDescription("The address (IP or host name) the controller published.")
        String address) {}
