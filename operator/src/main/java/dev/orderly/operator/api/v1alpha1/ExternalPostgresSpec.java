package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An existing PostgreSQL server holding one database per service (auth, orders, inventory). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExternalPostgresSpec(
    @Required
        @Size(min = 1, max = 253)
        @Pattern(Hostnames.PATTERN)
        @JsonPropertyDescription("Host name or IP address of the PostgreSQL server.")
        String host,
    @Min(1)
        @Max(65535)
        @Default("5432")
        @JsonPropertyDescription(
            "Port of the server; the NetworkPolicies open egress to it. Default 5432.")
        Integer port,
    @Required
        @JsonPropertyDescription(
            "Secret in the platform's namespace with keys <service>-username and <service>-password for auth, orders and inventory; each service uses the database named after it.")
        SecretReference secretRef,
    @Pattern("^(disable|allow|prefer|require|verify-ca|verify-full)$")
        @Default("require")
        @JsonPropertyDescription(
            "TLS to the server, as libpq's sslmode: disable, allow, prefer, require (encrypted, server not verified), verify-ca or verify-full (the server's certificate checked against caSecretRef, or the JVM's trusted CAs without it). Default require.")
        String sslMode,
    @JsonPropertyDescription(
            "Secret in the platform's namespace with key ca.crt: the CA (PEM) the server's certificate is verified against.")
        SecretReference caSecretRef) {}
