package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The database section: an operator-managed PostgreSQL, or an external server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = Storage.NO_SHRINK_RULE,
    message = "storage may grow but not shrink",
    fieldPath = ".storage")
@ValidationRule(
    value = Storage.MANAGED_OR_EXTERNAL_RULE,
    message =
        "storage and external are mutually exclusive: storage sizes the operator-managed database")
@ValidationRule(
    value =
        "(has(self.storageClassName) ? self.storageClassName : '') == (has(oldSelf.storageClassName) ? oldSelf.storageClassName : '')",
    message = "storageClassName cannot change: the volume keeps the class it was made with",
    fieldPath = ".storageClassName")
@JsonIgnoreProperties(ignoreUnknown = true)
public record PostgresSpec(
    @Size(max = 32)
        @Pattern(Storage.PATTERN)
        @JsonPropertyDescription(
            "Size of the operator-managed database's volume, e.g. 5Gi. May grow, never shrink. Default 5Gi.")
        String storage,
    @Size(max = 253)
        @Pattern(Hostnames.PATTERN)
        @JsonPropertyDescription(
            "StorageClass of the operator-managed database's volume; the cluster's default when omitted. Fixed once the volume exists.")
        String storageClassName,
    @Default("Retain")
        @JsonPropertyDescription(
            "What happens to the database volume when the OrderPlatform is deleted: Retain keeps it, Delete removes it. Default Retain.")
        ReclaimPolicy reclaimPolicy,
    @JsonPropertyDescription(
            "Use an existing PostgreSQL instead; nothing is deployed for PostgreSQL then.")
        ExternalPostgresSpec external) {}
