package dev.orderly.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * The operator reads OrderPlatforms written against a newer CRD: {@code helm upgrade} applies the
 * new schema before the new operator pods replace the old ones.
 */
class UnknownFieldsTest {

  @Test
  void fieldsFromANewerCrdAreIgnoredAndTheKnownOnesKept() {
    OrderPlatform platform =
        Serialization.unmarshal(
            """
        apiVersion: orderly.dev/v1alpha1
        kind: OrderPlatform
        metadata: {name: shop, namespace: shop}
        spec:
          version: "0.1.0"
          maintenanceWindow: "Sun 02:00"
          gateway: {replicas: 3, canary: {weight: 10}, rateLimit: {requestsPerSecond: 20, burst: 40, perRoute: true}}
        status:
          phase: Running
          lastBackup: "2026-12-01T00:00:00Z"
        """,
            OrderPlatform.class);

    assertThat(platform.getSpec().version()).isEqualTo("0.1.0");
    assertThat(platform.getSpec().gateway().replicas()).isEqualTo(3);
    assertThat(platform.getSpec().gateway().rateLimit().requestsPerSecond()).isEqualTo(20);
    assertThat(platform.getStatus().phase().name()).isEqualTo("Running");
  }
}
