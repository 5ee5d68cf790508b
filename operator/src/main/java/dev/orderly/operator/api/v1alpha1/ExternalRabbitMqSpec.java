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

/** An existing RabbitMQ the services connect to. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExternalRabbitMqSpec(
    @Required
        @Size(min = 1, max = 253)
        @Pattern(Hostnames.PATTERN)
        @JsonPropertyDescription("Host name or IP address of the broker.")
        String host,
    @Min(1)
        @Max(65535)
        @JsonPropertyDescription(
            "AMQP port of the broker; the NetworkPolicies open egress to it. Default 5672, or 5671 with tls.")
        Integer port,
    @Size(min = 1, max = 255)
        @Default("/")
        @JsonPropertyDescription("Virtual host holding the Orderly topology. Default /.")
        String vhost,
    @Required
        @JsonPropertyDescription(
            "Secret in the platform's namespace with keys orders-username, orders-password, inventory-username and inventory-password.")
        SecretReference secretRef,
    @JsonPropertyDescription(
            "AMQPS: TLS to the broker, its certificate verified (against caSecretRef, or the JVM's trusted CAs) and its host name checked. Default false.")
        Boolean tls,
    @JsonPropertyDescription(
            "Secret in the platform's namespace with key ca.crt: the PEM CAs that vouch for the broker's certificate (mounted at /etc/orderly/rabbitmq-ca). Only with tls.")
        SecretReference caSecretRef) {}
