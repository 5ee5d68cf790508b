package dev.orderly.operator.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;

/**
 * The fabric8 CRUD mock server (what {@code @EnableKubernetesMockClient(crud = true)} starts): no
 * schema validation and no server-side apply, so the operator runs with SSA off here.
 */
final class MockCluster implements TestCluster {

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockCluster(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  static MockCluster start() {
    var server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    return new MockCluster(server);
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public boolean isRealApiServer() {
    return false;
  }

  @Override
  public String description() {
    return "fabric8 CRUD mock server";
  }

  @Override
  public void waitUntilEstablished(String crdName) {}

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
