package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** TLS settings of the gateway's Ingress. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngressTlsSpec(
    @Required
        @Size(min = 1, max = 253)
        @Pattern(Hostnames.PATTERN)
        @JsonPropertyDescription(
            "Secret of type kubernetes.io/tls holding the certificate for the host.")
        String secretName) {}
