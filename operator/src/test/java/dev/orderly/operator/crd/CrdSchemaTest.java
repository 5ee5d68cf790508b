package dev.orderly.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What `kubectl get`, `kubectl explain` and the API server's validation get from the generated CRD.
 */
class CrdSchemaTest {

  private static CustomResourceDefinition crd;
  private static CustomResourceDefinitionVersion version;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream yaml = Files.newInputStream(CrdDriftTest.GENERATED)) {
      crd = Serialization.unmarshal(yaml, CustomResourceDefinition.class);
    }
    version = crd.getSpec().getVersions().getFirst();
  }

  @Test
  void namesTheResource() {
    assertThat(crd.getMetadata().getName()).isEqualTo("orderplatforms.orderly.dev");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("OrderPlatform");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("op");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(version.getName()).isEqualTo("v1alpha1");
  }

  @Test
  void hasStatusAndScaleSubresourcesOnTheGateway() {
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getSubresources().getScale().getSpecReplicasPath())
        .isEqualTo(".spec.gateway.replicas");
    assertThat(version.getSubresources().getScale().getStatusReplicasPath())
        .isEqualTo(".status.replicas");
    assertThat(version.getSubresources().getScale().getLabelSelectorPath())
        .isEqualTo(".status.selector");
  }

  @Test
  void printsReadyPhaseEndpointVersionAndAge() {
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(column -> column.getName())
        .containsExactlyInAnyOrder("Ready", "Phase", "Endpoint", "Version", "Age");
  }

  @Test
  void describesEveryField() {
    List<String> undocumented = new ArrayList<>();
    collectUndocumented("spec", spec(), undocumented);
    collectUndocumented("status", properties(root()).get("status"), undocumented);
    assertThat(undocumented).as("fields without a description for kubectl explain").isEmpty();
  }

  @Test
  void requiresTheVersionAndDefaultsTheRest() {
    assertThat(spec().getRequired()).containsExactly("version");
    assertThat(property("gateway", "replicas").getDefault().asInt()).isEqualTo(2);
    assertThat(property("gateway", "replicas").getMinimum()).isZero();
    assertThat(property("orders", "sagaTimeout").getDefault().asText()).isEqualTo("30s");
    assertThat(property("postgres", "reclaimPolicy").getEnum())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("\"Retain\"", "\"Delete\"");
  }

  @Test
  void carriesTheCrossFieldRules() {
    assertThat(rules(property("inventory", "autoscaling")))
        .anySatisfy(
            rule -> assertThat(rule.getRule()).isEqualTo("self.maxReplicas >= self.minReplicas"));
    assertThat(rules(properties(spec()).get("postgres")))
        .anySatisfy(rule -> assertThat(rule.getRule()).contains("oldSelf.storage"));
    assertThat(rules(properties(spec()).get("rabbitmq")))
        .anySatisfy(rule -> assertThat(rule.getRule()).contains("oldSelf.storage"));
  }

  private static JSONSchemaProps root() {
    return version.getSchema().getOpenAPIV3Schema();
  }

  private static JSONSchemaProps spec() {
    return properties(root()).get("spec");
  }

  private static JSONSchemaProps property(String section, String field) {
    return properties(properties(spec()).get(section)).get(field);
  }

  private static Map<String, JSONSchemaProps> properties(JSONSchemaProps schema) {
    return schema.getProperties() == null ? Map.of() : schema.getProperties();
  }

  private static List<ValidationRule> rules(JSONSchemaProps schema) {
    return schema.getXKubernetesValidations() == null
        ? List.of()
        : schema.getXKubernetesValidations();
  }

  private static void collectUndocumented(
      String path, JSONSchemaProps schema, List<String> undocumented) {
    if (schema.getDescription() == null || schema.getDescription().isBlank()) {
      undocumented.add(path);
    }
    properties(schema)
        .forEach((name, child) -> collectUndocumented(path + "." + name, child, undocumented));
    if (schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      properties(schema.getAdditionalProperties().getSchema())
          .forEach((name, child) -> collectUndocumented(path + ".*." + name, child, undocumented));
    }
  }
}
