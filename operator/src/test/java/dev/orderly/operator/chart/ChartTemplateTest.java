package dev.orderly.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The chart rendered with default and non-default values: lint, objects, RBAC, security, CRD. */
class ChartTemplateTest {

  private static final String NS = "orderly-system";
  private static final String NAME = Chart.RELEASE;

  /** The chart with its default values, rendered once for the tests that only read it. */
  private static final Chart DEFAULTS = Chart.render(NS, "");

  /** resource -> verbs the operator needs on OrderPlatforms and their children; nothing more. */
  private static final Map<String, List<String>> PLATFORM_VERBS =
      Map.ofEntries(
          Map.entry(
              "orderly.dev/orderplatforms", List.of("get", "list", "watch", "patch", "update")),
          Map.entry("orderly.dev/orderplatforms/status", List.of("get", "patch", "update")),
          Map.entry(
              "/secrets", List.of("get", "list", "watch", "create", "patch", "update", "delete")),
          Map.entry(
              "/configmaps",
              List.of("get", "list", "watch", "create", "patch", "update", "delete")),
          Map.entry(
              "/services", List.of("get", "list", "watch", "create", "patch", "update", "delete")),
          Map.entry(
              "apps/deployments",
              List.of("get", "list", "watch", "create", "patch", "update", "delete")),
          Map.entry(
              "apps/statefulsets",
              List.of("get", "list", "watch", "create", "patch", "update", "delete")),
          Map.entry(
              "policy/poddisruptionbudgets",
              List.of("get", "list", "watch", "create", "patch", "update", "delete")),
          Map.entry(
              "networking.k8s.io/networkpolicies",
              List.of("get", "list", "watch", "create", "patch", "update", "delete")),
          Map.entry(
              "networking.k8s.io/ingresses",
              List.of("get", "list", "watch", "create", "patch", "update", "delete")),
          Map.entry(
              "monitoring.coreos.com/podmonitors",
              List.of("get", "list", "watch", "create", "patch", "update", "delete")),
          Map.entry(
              "keda.sh/scaledobjects",
              List.of("get", "list", "watch", "create", "patch", "update", "delete")),
          Map.entry(
              "keda.sh/triggerauthentications",
              List.of("get", "list", "watch", "create", "patch", "update", "delete")),
          Map.entry("/pods", List.of("get", "list", "watch")),
          Map.entry("/persistentvolumeclaims", List.of("get")),
          Map.entry("/events", List.of("create")));

  @Test
  void
      theGrafanaDashboardIsAConfigMapForGrafanasSidecarAndTheAlertRulesWaitForThePrometheusOperator()
          throws Exception {
    ConfigMap dashboard = DEFAULTS.get(ConfigMap.class, NAME + "-dashboard");
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    var json = Serialization.jsonMapper();
    assertThat(json.readTree(dashboard.getData().get("orderly-platform.json")))
        .isEqualTo(json.readTree(Chart.DIR.resolve("files/grafana-dashboard.json").toFile()));
    assertThat(DEFAULTS.objects())
        .as("no PrometheusRule where monitoring.coreos.com/v1 is not served")
        .noneMatch(o -> "PrometheusRule".equals(o.getKind()));

    Chart elsewhere =
        Chart.render(
            NS,
            """
        metrics:
          grafanaDashboard: {namespace: monitoring, labels: {dashboards: orderly}}
        """);
    ConfigMap moved = elsewhere.get(ConfigMap.class, NAME + "-dashboard");
    assertThat(moved.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(moved.getMetadata().getLabels())
        .as("Helm merges label maps")
        .containsEntry("dashboards", "orderly")
        .containsEntry("grafana_dashboard", "1");
    assertThat(
            Chart.render(NS, "metrics: {grafanaDashboard: {enabled: false}}")
                .find(ConfigMap.class, NAME + "-dashboard"))
        .isEmpty();
  }

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = new Helm(Chart.DIR).lint().strict().call();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages())
        .as("no warnings or errors")
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void defaultsInstallTheCrdTwoLeaderElectedReplicasAndClusterWideRbac() {
    Chart chart = DEFAULTS;

    assertThat(chart.kindsAndNames())
        .containsExactlyInAnyOrder(
            "CustomResourceDefinition/orderplatforms.orderly.dev",
            "ServiceAccount/" + NAME,
            "ClusterRole/" + NAME,
            "ClusterRoleBinding/" + NAME,
            "Role/" + NAME + "-leader-election",
            "RoleBinding/" + NAME + "-leader-election",
            "Service/" + NAME + "-metrics",
            "Deployment/" + NAME,
            "PodDisruptionBudget/" + NAME,
            "ConfigMap/" + NAME + "-dashboard");

    Deployment deployment = chart.get(Deployment.class, NAME);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(operator.getImage()).isEqualTo("ghcr.io/orderly/orderly-operator:0.1.0");
    assertThat(env(operator))
        .containsEntry("LEADER_ELECTION", "true")
        .containsEntry("WATCH_NAMESPACES", "")
        .containsEntry("ORDERLY_IMAGE_REGISTRY", "ghcr.io/orderly")
        .containsEntry("HEALTH_PORT", "8080")
        .as("the image's own JVM options apply")
        .doesNotContainKey("JDK_JAVA_OPTIONS");
    assertThat(operator.getEnv())
        .filteredOn(e -> e.getName().equals("LEADER_ELECTION_NAMESPACE"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace"));
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKey("memory");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .as("the RabbitMQ NetworkPolicy admits pods named orderly-operator")
        .containsEntry("app.kubernetes.io/name", "orderly-operator");

    ClusterRoleBinding binding = chart.get(ClusterRoleBinding.class, NAME);
    assertThat(binding.getRoleRef().getName()).isEqualTo(NAME);
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName())
                  .isEqualTo(chart.get(ServiceAccount.class, NAME).getMetadata().getName());
              assertThat(s.getNamespace()).isEqualTo(NS);
            });
    Service metrics = chart.get(Service.class, NAME + "-metrics");
    assertThat(metrics.getSpec().getSelector())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(chart.get(PodDisruptionBudget.class, NAME).getSpec().getMinAvailable().getIntVal())
        .isEqualTo(1);
  }

  @Test
  void clusterRoleGrantsExactlyTheVerbsTheOperatorUsesAndNoWildcard() {
    Chart chart = DEFAULTS;
    List<PolicyRule> rules = chart.get(ClusterRole.class, NAME).getRules();

    assertThat(verbsByResource(rules)).isEqualTo(new TreeMap<>(PLATFORM_VERBS));
    assertNoWildcards(rules);
    Role leases = chart.get(Role.class, NAME + "-leader-election");
    assertThat(leases.getMetadata().getNamespace()).isEqualTo(NS);
    assertNoWildcards(leases.getRules());
    assertThat(leases.getRules())
        .allSatisfy(rule -> assertThat(rule.getResources()).containsExactly("leases"));
    assertThat(leases.getRules())
        .filteredOn(rule -> !rule.getResourceNames().isEmpty())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getResourceNames()).containsExactly("orderly-operator-leader");
              assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "update", "patch");
            });
    assertThat(leases.getRules())
        .filteredOn(rule -> rule.getResourceNames().isEmpty())
        .singleElement()
        .satisfies(rule -> assertThat(rule.getVerbs()).containsExactly("create"));
  }

  @Test
  void podsMeetTheRestrictedPodSecurityStandard() {
    var pod = DEFAULTS.get(Deployment.class, NAME).getSpec().getTemplate().getSpec();

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getVolumes()).allSatisfy(volume -> assertThat(volume.getHostPath()).isNull());
    assertThat(pod.getContainers())
        .allSatisfy(
            container -> {
              var security = container.getSecurityContext();
              assertThat(security.getAllowPrivilegeEscalation()).isFalse();
              assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);
              assertThat(security.getRunAsNonRoot()).isTrue();
              assertThat(security.getReadOnlyRootFilesystem()).isTrue();
              assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
              assertThat(security.getCapabilities().getAdd()).isEmpty();
              assertThat(container.getPorts())
                  .allSatisfy(port -> assertThat(port.getContainerPort()).isGreaterThan(1023));
            });
  }

  @Test
  void theCrdIsTheGeneratedOneAndKeptOnUninstall() {
    CustomResourceDefinition rendered =
        DEFAULTS.get(CustomResourceDefinition.class, "orderplatforms.orderly.dev");
    CustomResourceDefinition generated =
        Serialization.unmarshal(Chart.crdText(), CustomResourceDefinition.class);

    assertThat(rendered.getSpec())
        .as("the chart's CRD spec is crds/'s, unchanged")
        .isEqualTo(generated.getSpec());
    assertThat(rendered.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    assertThat(rendered.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/part-of", "orderly");
  }

  @Test
  void watchedNamespacesGetRolesAndNothingClusterWide() {
    Chart chart =
        Chart.render(
            NS,
            """
        watchNamespaces: [team-a, team-b]
        replicas: 1
        leaderElection: {enabled: false}
        image: {tag: 0.2.0}
        serviceImages: {registry: registry.example/orderly}
        crds: {keep: false}
        javaOptions: -Xmx200m
        """);

    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
    assertThat(chart.all(PodDisruptionBudget.class)).as("no budget for a single replica").isEmpty();
    assertThat(chart.all(Role.class))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(chart.all(Role.class))
        .allSatisfy(
            role ->
                assertThat(verbsByResource(role.getRules()))
                    .isEqualTo(new TreeMap<>(PLATFORM_VERBS)));
    assertThat(chart.all(RoleBinding.class))
        .allSatisfy(
            binding -> {
              assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
              assertThat(binding.getSubjects())
                  .singleElement()
                  .satisfies(s -> assertThat(s.getNamespace()).isEqualTo(NS));
            });

    Deployment deployment = chart.get(Deployment.class, NAME);
    Container operator = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(operator.getImage()).isEqualTo("ghcr.io/orderly/orderly-operator:0.2.0");
    assertThat(env(operator))
        .containsEntry("WATCH_NAMESPACES", "team-a,team-b")
        .containsEntry("LEADER_ELECTION", "false")
        .containsEntry("ORDERLY_IMAGE_REGISTRY", "registry.example/orderly")
        .containsEntry("JDK_JAVA_OPTIONS", "-Xmx200m");
    assertThat(
            chart
                .get(CustomResourceDefinition.class, "orderplatforms.orderly.dev")
                .getMetadata()
                .getAnnotations())
        .doesNotContainKey("helm.sh/resource-policy");
  }

  @Test
  void theCrdAndRbacCanBeLeftToTheClusterAdmin() {
    Chart chart =
        Chart.render(
            NS,
            """
        crds: {install: false}
        rbac: {create: false}
        """);

    assertThat(chart.all(CustomResourceDefinition.class)).isEmpty();
    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(Role.class)).isEmpty();
    assertThat(chart.find(Deployment.class, NAME)).isPresent();
  }

  @Test
  void wrongValuesFailWithAMessageNamingTheValue() {
    assertThatThrownBy(() -> Chart.render(NS, "image: {pullPolicy: Sometimes}"))
        .hasMessageContaining("/image/pullPolicy");
    assertThatThrownBy(() -> Chart.render(NS, "replicas: 0")).hasMessageContaining("/replicas");
    assertThatThrownBy(() -> Chart.render(NS, "replicas: two")).hasMessageContaining("/replicas");
    assertThatThrownBy(() -> Chart.render(NS, "watchNamespaces: [Not_A_Namespace]"))
        .hasMessageContaining("/watchNamespaces");
    assertThatThrownBy(() -> Chart.render(NS, "replica: 2"))
        .as("a misspelt key")
        .hasMessageContaining("replica");
    assertThatThrownBy(() -> Chart.render(NS, "{replicas: 3, leaderElection: {enabled: false}}"))
        .hasMessageContaining("replicas > 1 needs leaderElection.enabled=true");
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  /**
   * "group/resource" -> verbs, failing on a resource granted by two rules (verbs would be split).
   */
  private static TreeMap<String, List<String>> verbsByResource(List<PolicyRule> rules) {
    TreeMap<String, List<String>> verbs = new TreeMap<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          List<String> previous = verbs.put(group + "/" + resource, rule.getVerbs());
          assertThat(previous).as("%s/%s is granted by one rule only", group, resource).isNull();
        }
      }
    }
    return verbs;
  }

  private static void assertNoWildcards(List<PolicyRule> rules) {
    assertThat(rules)
        .allSatisfy(
            rule -> {
              assertThat(rule.getApiGroups()).doesNotContain("*");
              assertThat(rule.getResources()).doesNotContain("*");
              assertThat(rule.getVerbs()).doesNotContain("*");
            });
  }
}
