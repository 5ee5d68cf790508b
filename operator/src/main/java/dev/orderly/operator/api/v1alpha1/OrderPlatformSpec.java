package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Desired state of an OrderPlatform; every section is optional and defaulted. */
// Every API record ignores unknown fields: `helm upgrade` applies a new CRD before the new operator
// pods roll out, so the running operator may read fields it does not know yet.
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderPlatformSpec(
    @Required
        @Size(min = 1, max = 128)
        @Pattern("^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
        @JsonPropertyDescription(
            "Image tag of the four services (gateway, auth, orders, inventory), e.g. 0.1.0. Changing it rolls the services in order.")
        String version,
    @Size(max = 255)
        @Pattern("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9._-]+)*$")
        @JsonPropertyDescription(
            "Image registry (and path) the service images are pulled from, e.g. ghcr.io/orderly; images are <registry>/<service>:<version>. Defaults to the operator's configured registry.")
        String registry,
    // Defaulted as a whole so that its own defaults apply to a spec without it: the scale
    // subresource reads .spec.gateway.replicas, which would otherwise be absent (reported as 0).
    @Default("{}") @JsonPropertyDescription("The API gateway, the platform's only entry point.")
        GatewaySpec gateway,
    @JsonPropertyDescription("The auth service: users, tokens and the JWKS.") AuthSpec auth,
    @JsonPropertyDescription("The orders service, which owns the order saga.") OrdersSpec orders,
    @JsonPropertyDescription("The inventory service: products and stock reservations.")
        InventorySpec inventory,
    @JsonPropertyDescription("The message broker: an operator-managed RabbitMQ or an external one.")
        RabbitMqSpec rabbitmq,
    @JsonPropertyDescription("The database: an operator-managed PostgreSQL or an external one.")
        PostgresSpec postgres,
    @JsonPropertyDescription(
            "Exposes the gateway through an Ingress; omit to keep the platform cluster-internal.")
        IngressSpec ingress,
    @JsonPropertyDescription("Secrets every pod pulls its image with, for a private registry.")
        List<SecretReference> imagePullSecrets,
    @JsonPropertyDescription("Node selector and tolerations of every pod.")
        SchedulingSpec scheduling,
    @JsonPropertyDescription(
            "Metrics scraping: which namespaces' Prometheus may reach the metrics ports.")
        MonitoringSpec monitoring) {}
