package dev.orderly.operator.model;

import static dev.orderly.operator.fixtures.Models.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.operator.api.v1alpha1.InventorySpec;
import dev.orderly.operator.api.v1alpha1.OrderPlatformSpec;
import dev.orderly.operator.api.v1alpha1.ResourcesSpec;
import dev.orderly.operator.fixtures.Models;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Resources and JVM options of a service container, from the spec over the defaults. */
class ServiceContainerTest {

  @Test
  void aServiceWithoutSettingsRunsTheDefaultsAndTheImagesJvmOptions() {
    var container = container(Models.minimal().inventory().generateDeployment());

    assertThat(container.getResources()).isEqualTo(ServiceContainer.DEFAULT_RESOURCES);
    assertThat(container.getEnv()).extracting(EnvVar::getName).doesNotContain("JDK_JAVA_OPTIONS");
  }

  @Test
  void theSpecsQuantitiesReplaceTheDefaultsKeyByKey() {
    var resources = new ResourcesSpec(null, Map.of("cpu", new Quantity("250m")));
    var container =
        container(
            inventory(resources, " -XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError ")
                .generateDeployment());

    assertThat(container.getResources().getLimits())
        .containsEntry("cpu", new Quantity("250m"))
        .containsEntry("memory", new Quantity("512Mi"));
    assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"));
    assertThat(container.getEnv())
        .contains(
            new EnvVar(
                "JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError", null));
  }

  @Test
  void refusesAQuantityItCannotReadOrARequestAboveItsLimitNamingTheField() {
    var unreadable = new ResourcesSpec(null, Map.of("memory", new Quantity("lots")));
    assertThatThrownBy(() -> inventory(unreadable, null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.inventory.resources.limits.memory: is not a quantity: lots");

    var aboveLimit = new ResourcesSpec(Map.of("cpu", new Quantity("2")), null);
    assertThatThrownBy(() -> inventory(aboveLimit, null))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("spec.inventory.resources.requests.cpu: must not exceed the limit 1, got 2");
  }

  private static InventoryModel inventory(ResourcesSpec resources, String javaOptions) {
    return Models.of(
            new OrderPlatformSpec(
                "0.1.0",
                null,
                null,
                null,
                null,
                new InventorySpec(null, null, resources, javaOptions),
                null,
                null,
                null,
                null,
                null,
                null))
        .inventory();
  }
}
