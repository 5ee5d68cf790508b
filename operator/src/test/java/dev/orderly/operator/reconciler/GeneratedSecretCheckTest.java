package dev.orderly.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.operator.fixtures.Models;
import dev.orderly.operator.fixtures.OrderPlatforms;
import dev.orderly.operator.status.Problem;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A store's credentials are never generated anew over the volume of a store that knows the old
 * ones.
 */
class GeneratedSecretCheckTest {

  @Test
  void aMissingSecretOverAnExistingClaimIsAProblemSayingWhatToDo() {
    Optional<Problem> problem =
        GeneratedSecretCheck.check(
            Models.minimal(),
            secrets("shop-rabbitmq-credentials", "shop-auth-keys"),
            claims("data-shop-postgres-0", "data-shop-rabbitmq-0"));

    assertThat(problem)
        .hasValueSatisfying(
            p -> {
              assertThat(p.reason()).isEqualTo("CredentialsLost");
              assertThat(p.fatal()).isFalse();
              assertThat(p.message())
                  .startsWith(
                      "Secret shop-postgres-credentials is missing, but claim data-shop-postgres-0 holds a postgres")
                  .contains("Restore the Secret", "delete the claim")
                  .doesNotContain("rabbitmq");
            });
  }

  @Test
  void aMissingSecretWithoutDataIsGeneratedAsUsual() {
    assertThat(GeneratedSecretCheck.check(Models.minimal(), secrets(), claims())).isEmpty();
    assertThat(
            GeneratedSecretCheck.check(
                Models.minimal(),
                secrets("shop-postgres-credentials", "shop-rabbitmq-credentials", "shop-auth-keys"),
                claims("data-shop-postgres-0")))
        .isEmpty();
  }

  @Test
  void authsKeysAreNotGeneratedAnewOverTheDatabaseThatHoldsItsAdmin() {
    Optional<Problem> problem =
        GeneratedSecretCheck.check(
            Models.minimal(),
            secrets("shop-postgres-credentials", "shop-rabbitmq-credentials"),
            claims("data-shop-postgres-0"));

    assertThat(problem)
        .hasValueSatisfying(
            p -> {
              assertThat(p.reason()).isEqualTo("CredentialsLost");
              assertThat(p.message())
                  .startsWith(
                      "Secret shop-auth-keys is missing, but claim data-shop-postgres-0 holds auth's users")
                  .contains("Restore the Secret");
            });
  }

  @Test
  void anExternalStoreHasNoGeneratedSecretToLose() {
    var model = Models.of(OrderPlatforms.externalPostgres("shop-db"));

    assertThat(
            GeneratedSecretCheck.check(
                model, secrets("shop-rabbitmq-credentials"), claims("data-shop-postgres-0")))
        .as("nor auth's keys a database it can look into")
        .isEmpty();
  }

  private static Function<String, Optional<Secret>> secrets(String... names) {
    Set<String> existing = Set.of(names);
    return name ->
        existing.contains(name)
            ? Optional.of(
                new SecretBuilder().withNewMetadata().withName(name).endMetadata().build())
            : Optional.empty();
  }

  private static Function<String, Optional<PersistentVolumeClaim>> claims(String... names) {
    Set<String> existing = Set.of(names);
    return name ->
        existing.contains(name)
            ? Optional.of(
                new PersistentVolumeClaimBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .endMetadata()
                    .build())
            : Optional.empty();
  }
}
