package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

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
        @JsonPropertyDescription(
            "IngressClass that serves the Ingress, e.g. nginx; the cluster default when omitted.")
        String className,
    @JsonPropertyDescription(
            "Terminates TLS for the host with a certificate Secret; plain HTTP when omitted.")
        IngressTlsSpec tls,
    @JsonPropertyDescription(
            "Networks (CIDRs) of the Ingress controller's pods: the gateway believes X-Forwarded-For (the client's address, for rate limits and login lockouts) and X-Forwarded-Proto (HSTS) from them only. Default: the private and shared ranges pod networks use (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7).")
        List<String> trustedProxies) {}
