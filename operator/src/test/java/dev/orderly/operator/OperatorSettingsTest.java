package dev.orderly.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.operator.model.Images;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator process is configured by its environment. */
class OperatorSettingsTest {

  @Test
  void defaultsWatchEveryNamespaceWithServerSideApplyAndNoLeaderElection() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());

    assertThat(settings.watchesAllNamespaces()).isTrue();
    assertThat(settings.images()).isEqualTo(Images.defaults());
    assertThat(settings.healthPort()).isEqualTo(8080);
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.serverSideApply()).isTrue();
  }

  @Test
  void readsNamespacesRegistryPortAndLeaderElection() {
    OperatorSettings settings =
        OperatorSettings.fromEnvironment(
            Map.of(
                "WATCH_NAMESPACES", "shop, staging ,",
                "ORDERLY_IMAGE_REGISTRY", "ghcr.io/acme",
                "HEALTH_PORT", "9090",
                "LEADER_ELECTION", "true",
                "LEADER_ELECTION_NAMESPACE", "orderly-system"));

    assertThat(settings.watchNamespaces()).containsExactlyInAnyOrder("shop", "staging");
    assertThat(settings.images().registry()).isEqualTo("ghcr.io/acme");
    assertThat(settings.healthPort()).isEqualTo(9090);
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.leaseNamespace()).isEqualTo("orderly-system");
  }
}
