package dev.orderly.operator.model;

import static dev.orderly.operator.fixtures.Models.container;
import static dev.orderly.operator.fixtures.Models.podSpec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderly.operator.fixtures.Models;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every one of the four services' models produces alike. */
class ServiceModelTest {

  private final PlatformModel platform = Models.minimal();

  @ParameterizedTest
  @EnumSource(names = {"GATEWAY", "AUTH", "ORDERS", "INVENTORY"})
  void deploymentIsNamedAndLabelledAfterThePlatformAndComponent(Component component) {
    Deployment deployment = platform.service(component).generateDeployment();

    assertThat(deployment.getMetadata().getName()).isEqualTo("shop-" + component.id());
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo("shop-ns");
    assertThat(deployment.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", component.id())
        .containsEntry("app.kubernetes.io/instance", "shop")
        .containsEntry("app.kubernetes.io/component", component.role())
        .containsEntry("app.kubernetes.io/part-of", "orderly")
        .containsEntry("app.kubernetes.io/managed-by", "orderly-operator")
        .containsEntry("app.kubernetes.io/version", "0.1.0");
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .as("the selector leaves out the version, which changes on upgrade")
        .containsOnlyKeys("app.kubernetes.io/name", "app.kubernetes.io/instance");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getMetadata().getLabels());
  }

  @ParameterizedTest
  @EnumSource(names = {"GATEWAY", "AUTH", "ORDERS", "INVENTORY"})
  void runsTheVersionedImageOfTheRegistry(Component component) {
    assertThat(container(platform.service(component).generateDeployment()).getImage())
        .isEqualTo("registry.test/orderly/" + component.id() + ":0.1.0");
  }

  @ParameterizedTest
  @EnumSource(names = {"GATEWAY", "AUTH", "ORDERS", "INVENTORY"})
  void meetsTheRestrictedPodSecurityStandard(Component component) {
    Deployment deployment = platform.service(component).generateDeployment();
    var pod = podSpec(deployment).getSecurityContext();
    Container container = container(deployment);
    var security = container.getSecurityContext();

    assertThat(pod.getRunAsNonRoot()).isTrue();
    assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getVolumeMounts())
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.getMountPath()).isEqualTo("/tmp");
              assertThat(mount.getName()).isEqualTo("tmp");
              assertThat(mount.getReadOnly())
                  .as("unset, as the API server stores a writable mount")
                  .isNull();
            });
    assertThat(podSpec(deployment).getVolumes())
        .anySatisfy(
            volume -> {
              assertThat(volume.getName()).isEqualTo("tmp");
              assertThat(volume.getEmptyDir()).isNotNull();
            });
    assertThat(podSpec(deployment).getAutomountServiceAccountToken()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(names = {"GATEWAY", "AUTH", "ORDERS", "INVENTORY"})
  void probesTheHelidonHealthEndpointsAndSetsResources(Component component) {
    Container container = container(platform.service(component).generateDeployment());

    assertThat(container.getLivenessProbe().getHttpGet().getPath())
        .isEqualTo("/observe/health/live");
    assertThat(container.getReadinessProbe().getHttpGet().getPath())
        .isEqualTo("/observe/health/ready");
    assertThat(container.getStartupProbe().getHttpGet().getPath())
        .isEqualTo("/observe/health/live");
    // Probed on the observe port, which neither the Service for clients nor the Ingress exposes.
    assertThat(
            List.of(
                container.getLivenessProbe(),
                container.getReadinessProbe(),
                container.getStartupProbe()))
        .allSatisfy(
            probe -> assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("observe"));
    assertThat(container.getPorts())
        .extracting(port -> port.getName() + ":" + port.getContainerPort())
        .containsExactly("http:8080", "observe:9090");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
  }

  @ParameterizedTest
  @EnumSource(names = {"GATEWAY", "AUTH", "ORDERS", "INVENTORY"})
  void rollsOneSurgePodAtATimeNeverBelowTheDesiredCount(Component component) {
    var strategy = platform.service(component).generateDeployment().getSpec().getStrategy();

    assertThat(strategy.getType()).isEqualTo("RollingUpdate");
    assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    assertThat(strategy.getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(names = {"GATEWAY", "AUTH", "ORDERS", "INVENTORY"})
  void aStoppingPodServesOnUntilItsEndpointIsGoneWellWithinItsGracePeriod(Component component) {
    var pod = podSpec(platform.service(component).generateDeployment());
    var preStop =
        container(platform.service(component).generateDeployment()).getLifecycle().getPreStop();

    // An exec hook would need a shell, which the images do not have.
    assertThat(preStop.getExec()).isNull();
    assertThat(preStop.getSleep().getSeconds())
        .isEqualTo(ServiceModel.DRAIN_SECONDS)
        .isPositive()
        .isLessThan(pod.getTerminationGracePeriodSeconds() / 2);
  }

  @ParameterizedTest
  @EnumSource(names = {"GATEWAY", "AUTH", "ORDERS", "INVENTORY"})
  void bindsAllInterfacesAndLogsJson(Component component) {
    var env = Models.env(container(platform.service(component).generateDeployment()));

    assertThat(env.get("SERVER_HOST").getValue()).isEqualTo("0.0.0.0");
    assertThat(env.get("SERVER_PORT").getValue()).isEqualTo("8080");
    assertThat(env.get("LOG_LEVEL").getValue()).isEqualTo("INFO");
    assertThat(env.get("LOG_FORMAT").getValue()).isEqualTo("json");
  }

  @ParameterizedTest
  @EnumSource(names = {"GATEWAY", "AUTH", "ORDERS", "INVENTORY"})
  void servicesSelectThePodsOnTheHttpPort(Component component) {
    var service = platform.service(component).generateService();

    assertThat(service.getMetadata().getName()).isEqualTo("shop-" + component.id());
    assertThat(service.getSpec().getSelector())
        .isEqualTo(platform.service(component).labels().selector());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getPort()).isEqualTo(8080);
              assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
            });
  }
}
