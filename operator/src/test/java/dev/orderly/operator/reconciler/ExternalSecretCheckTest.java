package dev.orderly.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.operator.fixtures.Models;
import dev.orderly.operator.fixtures.OrderPlatforms;
import dev.orderly.operator.status.Problem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Secret of an external database must exist and hold a username and password per service. */
class ExternalSecretCheckTest {

  @Test
  void aMissingSecretIsAProblemNamingItAndTheField() {
    Optional<Problem> problem =
        ExternalSecretCheck.check(
            Models.of(OrderPlatforms.externalPostgres("shop-db")), name -> Optional.empty());

    assertThat(problem)
        .hasValueSatisfying(
            p -> {
              assertThat(p.reason()).isEqualTo("ExternalSecretMissing");
              assertThat(p.fatal()).isFalse();
              assertThat(p.message())
                  .contains(
                      "Secret shop-db",
                      "spec.postgres.external.secretRef",
                      "does not exist",
                      "auth-username");
            });
  }

  @Test
  void missingKeysAreListed() {
    Secret partial =
        new SecretBuilder()
            .withNewMetadata()
            .withName("shop-db")
            .endMetadata()
            .withStringData(Map.of("auth-username", "a", "auth-password", "p"))
            .build();

    Optional<Problem> problem =
        ExternalSecretCheck.check(
            Models.of(OrderPlatforms.externalPostgres("shop-db")), name -> Optional.of(partial));

    assertThat(problem)
        .hasValueSatisfying(
            p ->
                assertThat(p.message())
                    .contains(
                        "lacks keys orders-username, orders-password, inventory-username, inventory-password"));
  }

  @Test
  void aManagedPlatformReferencesNoSecret() {
    assertThat(ExternalSecretCheck.check(Models.minimal(), name -> Optional.empty())).isEmpty();
  }
}
