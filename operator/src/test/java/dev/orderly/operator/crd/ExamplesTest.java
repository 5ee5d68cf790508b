package dev.orderly.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.fixtures.Models;
import dev.orderly.operator.model.PlatformModel;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The examples under crds/examples are OrderPlatforms the operator accepts. */
class ExamplesTest {

  static final Path EXAMPLES = CrdDriftTest.CHECKED_IN.getParent().resolve("examples");

  @ParameterizedTest
  @ValueSource(strings = {"minimal.yaml", "full.yaml", "external.yaml"})
  void exampleIsAValidOrderPlatform(String file) throws IOException {
    OrderPlatform platform = platformIn(EXAMPLES.resolve(file));
    if (platform.getMetadata().getNamespace() == null) {
      platform.getMetadata().setNamespace("default");
    }

    PlatformModel model = PlatformModel.of(platform, Models.IMAGES);

    assertThat(model.version()).isEqualTo("0.1.0");
  }

  /** The OrderPlatform document of a (possibly multi-document) YAML file. */
  static OrderPlatform platformIn(Path file) throws IOException {
    String yaml = Files.readString(file);
    return Arrays.stream(yaml.split("(?m)^---$"))
        .filter(document -> document.contains("kind: OrderPlatform"))
        .map(document -> Serialization.unmarshal(document, OrderPlatform.class))
        .findFirst()
        .orElseThrow(() -> new AssertionError(file + " holds no OrderPlatform"));
  }
}
