package dev.orderly.operator.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The operator's Helm chart under helm/orderly-operator, rendered in-process by helm-java. */
public final class Chart {

  /** The chart directory; surefire passes it, the default suits a run from operator/. */
  public static final Path DIR =
      Path.of(System.getProperty("orderly.chart.dir", "../helm/orderly-operator"))
          .toAbsolutePath()
          .normalize();

  /**
   * The release name the tests and the docs use: the chart's objects are then named
   * orderly-operator.
   */
  public static final String RELEASE = "orderly-operator";

  /**
   * The CRD checked in under crds/ (the one the build generates; CrdDriftTest keeps them equal).
   */
  public static final Path CRD_FILE =
      Path.of(
          System.getProperty("orderly.crd.checkedIn", "../crds/orderplatforms.orderly.dev-v1.yml"));

  private final List<HasMetadata> objects;

  private Chart(List<HasMetadata> objects) {
    this.objects = objects;
  }

  /** The Kubernetes version templates are rendered for (Helm's offline default is far older). */
  public static final String KUBE_VERSION = "1.37.2";

  /**
   * {@code helm template orderly-operator <chart> -n <namespace> -f <values>}; values as YAML text.
   */
  public static Chart render(String namespace, String valuesYaml) {
    try {
      Path values = Files.createTempFile("orderly-chart-values", ".yaml");
      try {
        Files.writeString(values, valuesYaml);
        TemplateCommand template =
            new Helm(DIR)
                .template()
                .withName(RELEASE)
                .withNamespace(namespace)
                .withKubeVersion(KUBE_VERSION)
                .withValuesFile(values);
        return new Chart(parse(template.call()));
      } finally {
        Files.deleteIfExists(values);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Kubernetes objects of a multi-document YAML stream, in order. */
  public static List<HasMetadata> parse(String yaml) {
    return Arrays.stream(yaml.split("(?m)^---\\s*$"))
        .filter(Chart::holdsAnObject)
        .map(document -> (HasMetadata) Serialization.unmarshal(document, HasMetadata.class))
        .toList();
  }

  private static boolean holdsAnObject(String document) {
    return document
        .lines()
        .anyMatch(line -> !line.isBlank() && !line.stripLeading().startsWith("#"));
  }

  public List<HasMetadata> objects() {
    return objects;
  }

  /** Every rendered object of a type, in order. */
  public <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The rendered object of a type and name, if the chart rendered it. */
  public <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
  }

  /** The rendered object of a type and name; fails the test naming what was rendered instead. */
  public <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(
            () ->
                new AssertionError(
                    "the chart rendered no "
                        + type.getSimpleName()
                        + " named "
                        + name
                        + "; it rendered "
                        + kindsAndNames()));
  }

  /** "Kind/name" of every rendered object, for failure messages. */
  public List<String> kindsAndNames() {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  /** The checked-in CRD's text. */
  public static String crdText() {
    try {
      return Files.readString(CRD_FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
