package dev.orderly.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderly.operator.api.v1alpha1.OrderPlatformSpec;
import dev.orderly.operator.api.v1alpha1.PostgresSpec;
import dev.orderly.operator.api.v1alpha1.ReclaimPolicy;
import dev.orderly.operator.fixtures.Models;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.Test;

/** The managed PostgreSQL: one StatefulSet, its Services, credentials and init script. */
class PostgresModelTest {

  private final PostgresModel postgres = Models.minimal().postgres();

  @Test
  void runsOneNonRootPodWithAPersistentClaimOfTheDefaultSize() {
    StatefulSet statefulSet = postgres.generateStatefulSet(null);

    assertThat(statefulSet.getMetadata().getName()).isEqualTo("shop-postgres");
    assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(1);
    assertThat(statefulSet.getSpec().getServiceName()).isEqualTo("shop-postgres-headless");
    assertThat(statefulSet.getSpec().getVolumeClaimTemplates())
        .singleElement()
        .satisfies(
            claim -> {
              assertThat(claim.getMetadata().getName()).isEqualTo("data");
              assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
                  .isEqualTo("5Gi");
            });
    var pod = statefulSet.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getContainers().getFirst().getSecurityContext().getReadOnlyRootFilesystem())
        .isTrue();
    assertThat(pod.getContainers().getFirst().getVolumeMounts())
        .extracting(mount -> mount.getMountPath())
        .contains(
            "/var/lib/postgresql/data",
            "/docker-entrypoint-initdb.d",
            "/var/run/postgresql",
            "/tmp");
  }

  @Test
  void keepsTheClaimSizeInUseBecauseClaimTemplatesAreImmutable() {
    StatefulSet statefulSet = postgres.generateStatefulSet("2Gi");

    assertThat(Storages.claimSizeOf(statefulSet)).contains("2Gi");
  }

  @Test
  void volumeFollowsTheReclaimPolicy() {
    var retained =
        postgres.generateStatefulSet(null).getSpec().getPersistentVolumeClaimRetentionPolicy();
    var deleted =
        Models.of(
                new OrderPlatformSpec(
                    "0.1.0",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    new PostgresSpec("10Gi", null, ReclaimPolicy.Delete, null),
                    null,
                    null,
                    null,
                    null))
            .postgres()
            .generateStatefulSet(null);

    assertThat(retained.getWhenDeleted()).isEqualTo("Retain");
    assertThat(deleted.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted())
        .isEqualTo("Delete");
    assertThat(Storages.claimSizeOf(deleted)).contains("10Gi");
  }

  @Test
  void generatesASuperuserPasswordAndOnePasswordPerService() {
    var secret = postgres.generateCredentialsSecret(Models.FIXED_SECRETS);

    assertThat(secret.getMetadata().getName()).isEqualTo("shop-postgres-credentials");
    assertThat(secret.getData())
        .containsOnlyKeys(
            "superuser-password", "auth-password", "orders-password", "inventory-password");
    assertThat(Secrets.value(secret, "auth-password")).isPresent();
  }

  @Test
  void initScriptCreatesOneDatabaseAndRolePerServiceClosedToOthers() {
    String script = postgres.generateInitConfigMap().getData().get(PostgresModel.INIT_SCRIPT);

    assertThat(script)
        .contains("CREATE ROLE :\"owner\" LOGIN PASSWORD :'password';")
        .contains("CREATE DATABASE :\"owner\" OWNER :\"owner\";")
        .contains("REVOKE ALL ON DATABASE :\"owner\" FROM PUBLIC;")
        .contains("REVOKE CONNECT ON DATABASE postgres FROM PUBLIC")
        .contains("create_database auth \"$AUTH_DB_PASSWORD\"")
        .contains("create_database orders \"$ORDERS_DB_PASSWORD\"")
        .contains("create_database inventory \"$INVENTORY_DB_PASSWORD\"");
    var env =
        postgres
            .generateStatefulSet(null)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .getFirst()
            .getEnv();
    assertThat(env)
        .anySatisfy(
            variable -> {
              assertThat(variable.getName()).isEqualTo("ORDERS_DB_PASSWORD");
              assertThat(variable.getValueFrom().getSecretKeyRef().getKey())
                  .isEqualTo("orders-password");
            });
  }

  @Test
  void headlessServicePublishesThePodForStableDns() {
    var headless = postgres.generateHeadlessService();

    assertThat(headless.getMetadata().getName()).isEqualTo("shop-postgres-headless");
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(postgres.generateService().getSpec().getPorts())
        .singleElement()
        .satisfies(port -> assertThat(port.getPort()).isEqualTo(5432));
  }

  @Test
  void rejectsStorageAndExternalTogether() {
    var spec =
        new OrderPlatformSpec(
            "0.1.0",
            null,
            null,
            null,
            null,
            null,
            null,
            new PostgresSpec(
                "1Gi",
                null,
                null,
                dev.orderly.operator.fixtures.OrderPlatforms.externalPostgres("db")
                    .postgres()
                    .external()),
            null,
            null,
            null,
            null);

    assertThatThrownBy(() -> Models.of(spec))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("spec.postgres");
  }
}
