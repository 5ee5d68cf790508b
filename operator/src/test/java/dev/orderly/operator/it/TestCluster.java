package dev.orderly.operator.it;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The Kubernetes API the integration tests run against: a real kube-apiserver + etcd when its
 * binaries are installed (see {@link ApiServerCluster}), the fabric8 CRUD mock server otherwise.
 * Tests are written once against this interface.
 */
public interface TestCluster extends AutoCloseable {

  /** The generated CRD the build puts on the test classpath. */
  String CRD_RESOURCE = "META-INF/fabric8/orderplatforms.orderly.dev-v1.yml";

  /** A client with cluster-admin rights. */
  KubernetesClient client();

  /** True for a real API server: schema validation, CEL rules and server-side apply work. */
  boolean isRealApiServer();

  /** Short description for logs and assumption messages. */
  String description();

  @Override
  void close();

  /** Chooses the cluster: {@code mock}, {@code apiserver}, or unset for the best available here. */
  String CHOICE = "ORDERLY_TEST_CLUSTER";

  /**
   * Starts the cluster {@link #CHOICE} names, by default a real API server when its binaries exist.
   */
  static TestCluster start() {
    return realApiServerChosen() ? ApiServerCluster.start() : MockCluster.start();
  }

  /**
   * Whether {@link #CHOICE} asks for a real API server, or leaves it open and the binaries exist.
   */
  static boolean realApiServerChosen() {
    String choice = System.getenv().getOrDefault(CHOICE, "");
    return switch (choice) {
      case "mock" -> false;
      case "apiserver" -> true;
      case "" -> ApiServerCluster.binariesAvailable();
      default ->
          throw new IllegalArgumentException(CHOICE + " must be mock or apiserver, not " + choice);
    };
  }

  /** Installs the OrderPlatform CRD. */
  default void installCrd() {
    try (InputStream yaml = TestCluster.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (yaml == null) {
        throw new IllegalStateException(
            CRD_RESOURCE + " is not on the classpath: run the build (crd-generator) first");
      }
      CustomResourceDefinition crd =
          client().apiextensions().v1().customResourceDefinitions().load(yaml).item();
      // A plain create: the mock server has no server-side apply, and learns the status subresource
      // from it.
      client().apiextensions().v1().customResourceDefinitions().resource(crd).create();
      waitUntilEstablished(crd.getMetadata().getName());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Installs just enough of the Prometheus Operator's CRDs (ServiceMonitor, PodMonitor,
   * PrometheusRule; any object accepted) for capability checks and for storing the objects.
   */
  default void installPrometheusOperatorCrds() {
    for (String kind : List.of("ServiceMonitor", "PodMonitor", "PrometheusRule")) {
      installForeignCrd("monitoring.coreos.com", "v1", kind);
    }
  }

  /** The same for KEDA's ScaledObject and TriggerAuthentication. */
  default void installKedaCrds() {
    for (String kind : List.of("ScaledObject", "TriggerAuthentication")) {
      installForeignCrd("keda.sh", "v1alpha1", kind);
    }
  }

  /** A namespaced CRD of another project's {@code kind} that stores any object. */
  private void installForeignCrd(String group, String version, String kind) {
    String singular = kind.toLowerCase(Locale.ROOT);
    client()
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            Serialization.unmarshal(
                """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: %2$ss.%3$s}
        spec:
          group: %3$s
          scope: Namespaced
          names: {kind: %1$s, listKind: %1$sList, plural: %2$ss, singular: %2$s}
          versions:
            - name: %4$s
              served: true
              storage: true
              schema:
                openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """
                    .formatted(kind, singular, group, version),
                CustomResourceDefinition.class))
        .create();
    waitUntilEstablished(singular + "s." + group);
  }

  /** Waits until the API server serves the CRD; immediate on the mock. */
  void waitUntilEstablished(String crdName);
}
