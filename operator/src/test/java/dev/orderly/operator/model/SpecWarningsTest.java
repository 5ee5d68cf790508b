package dev.orderly.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.operator.api.v1alpha1.GatewaySpec;
import dev.orderly.operator.api.v1alpha1.IngressSpec;
import dev.orderly.operator.api.v1alpha1.IngressTlsSpec;
import dev.orderly.operator.api.v1alpha1.OrderPlatformSpec;
import dev.orderly.operator.api.v1alpha1.PostgresSpec;
import dev.orderly.operator.api.v1alpha1.ReclaimPolicy;
import dev.orderly.operator.fixtures.Models;
import org.junit.jupiter.api.Test;

/** Risky but legal choices are named, safe defaults give no warning. */
class SpecWarningsTest {

  @Test
  void theDefaultsAreNotRisky() {
    assertThat(SpecWarnings.of(Models.minimal())).isEmpty();
  }

  @Test
  void namesEachRiskyChoice() {
    var spec =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            new GatewaySpec(1, null, null, null),
            null,
            null,
            null,
            null,
            new PostgresSpec(null, null, ReclaimPolicy.Delete, null),
            new IngressSpec("shop.example.com", null, null, null),
            null,
            null,
            null);

    assertThat(SpecWarnings.of(Models.of(spec)))
        .satisfiesExactlyInAnyOrder(
            warning -> assertThat(warning).startsWith("gateway runs a single pod"),
            warning -> assertThat(warning).startsWith("postgres.reclaimPolicy is Delete"),
            warning -> assertThat(warning).startsWith("ingress has no tls"));
  }

  @Test
  void tlsSilencesTheIngressWarning() {
    var spec =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new IngressSpec("shop.example.com", null, new IngressTlsSpec("shop-tls"), null),
            null,
            null,
            null);

    assertThat(SpecWarnings.of(Models.of(spec))).isEmpty();
  }
}
