package dev.orderly.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An Orderly platform: gateway, auth, orders and inventory services with their broker and database.
 */
@Group(OrderPlatform.GROUP)
@Version(OrderPlatform.VERSION)
@Kind(OrderPlatform.KIND)
@Plural("orderplatforms")
@Singular("orderplatform")
@ShortNames("op")
@JsonClassDescription(
    "An Orderly platform: gateway, auth, orders and inventory services with RabbitMQ and PostgreSQL.")
// Child names append suffixes such as "-inventory-headless" (Service names are DNS-1035 labels of
// at most 63 characters, StatefulSet names at most 52), hence the short, letter-first name.
@ValidationRule(
    value =
        "self.metadata.name.size() <= 40 && self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
    message =
        "metadata.name must start with a letter, contain only lowercase letters, digits and '-', and be at most 40 characters")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint")
@AdditionalPrinterColumn(name = "Version", jsonPath = ".spec.version")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class OrderPlatform extends CustomResource<OrderPlatformSpec, OrderPlatformStatus>
    implements Namespaced {

  public static final String GROUP = "orderly.dev";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "OrderPlatform";

  // Overridden only to describe the two sections for kubectl explain.
  @Override
  @JsonPropertyDescription(
      "Desired state of the platform: the services' version, each component's size and settings, the broker, the database and the Ingress.")
  public OrderPlatformSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Observed state of the platform, written only by the operator.")
  public OrderPlatformStatus getStatus() {
    return super.getStatus();
  }
}
