package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The broker section: an operator-managed single-node RabbitMQ, or an external broker. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = Storage.NO_SHRINK_RULE,
    message = "storage may grow but not shrink",
    fieldPath = ".storage")
@ValidationRule(
    value = Storage.MANAGED_OR_EXTERNAL_RULE,
    message =
        "storage and external are mutually exclusive: storage sizes the operator-managed broker")
@ValidationRule(
    value =
        "(has(self.storageClassName) ? self.storageClassName : '') == (has(oldSelf.storageClassName) ? oldSelf.storageClassName : '')",
    message = "storageClassName cannot change: the volume keeps the class it was made with",
    fieldPath = ".storageClassName")
@JsonIgnoreProperties(ignoreUnknown = true)
public record RabbitMqSpec(
    @Size(max = 32)
        @Pattern(Storage.PATTERN)
        @JsonPropertyDescription(
            "Size of the operator-managed broker's volume, e.g. 1Gi. May grow, never shrink. Default 1Gi.")
        String storage,
    @Size(max = 253)
        @Pattern(Hostnames.PATTERN)
        @JsonPropertyDescription(
            "StorageClass of the operator-managed broker's volume; the cluster's default when omitted. Fixed once the volume exists.")
        String storageClassName,
    @JsonPropertyDescription(
            "Use an existing broker instead; nothing is deployed for RabbitMQ then.")
        ExternalRabbitMqSpec external) {}
