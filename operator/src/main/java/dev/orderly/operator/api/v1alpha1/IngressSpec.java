package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An Ingress in front of the gateway. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngressSpec(
    @Required
        @Size(min = 1, max = 253)
        @Pattern(Hostnames.PATTERN)
        @JsonPropertyDescription("Host name clients use, e.g. shop.localtest.me.")
        String host,
    @Size(min = 1, max = 253)
        @JsonPropertyDescription("IngressClass that serves the Ingress, e.g. nginx; the cluster default when omitted.")
        String className,
    @JsonPropertyDescription("Terminates TLS for the host with a certificate Secret; plain HTTP when omitted.")
        IngressTlsSpec tls) {}
