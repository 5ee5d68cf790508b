package dev.orderly.operator.reconciler;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on an OrderPlatform, so {@code kubectl describe} tells what the
 * operator did.
 */
public class PlatformEvents {

  public static final String COMPONENT = "orderly-operator";
  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  private static final Logger LOG = LoggerFactory.getLogger(PlatformEvents.class);
  private static final int MAX_MESSAGE_LENGTH = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  public PlatformEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Something the operator did, e.g. created a child. */
  public void normal(OrderPlatform platform, String reason, String message) {
    record(platform, NORMAL, reason, message);
  }

  /** Something that went wrong and needs attention. */
  public void warning(OrderPlatform platform, String reason, String message) {
    record(platform, WARNING, reason, message);
  }

  private void record(OrderPlatform platform, String type, String reason, String message) {
    String text =
        message.length() > MAX_MESSAGE_LENGTH ? message.substring(0, MAX_MESSAGE_LENGTH) : message;
    LOG.info(
        "{}/{} {} {}: {}",
        platform.getMetadata().getNamespace(),
        platform.getMetadata().getName(),
        type,
        reason,
        text);
    try {
      client
          .v1()
          .events()
          .inNamespace(platform.getMetadata().getNamespace())
          .resource(event(platform, type, reason, text))
          .create();
    } catch (KubernetesClientException e) {
      // Events are best effort: failing to record one must not fail the reconciliation.
      LOG.warn(
          "could not record event {} on {}: {}",
          reason,
          platform.getMetadata().getName(),
          e.getMessage());
    }
  }

  private Event event(HasMetadata involved, String type, String reason, String message) {
    String now = Instant.now(clock).toString();
    return new EventBuilder()
        .withNewMetadata()
        .withName(
            involved.getMetadata().getName()
                + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1))
        .withNamespace(involved.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(involved.getApiVersion())
        .withKind(involved.getKind())
        .withName(involved.getMetadata().getName())
        .withNamespace(involved.getMetadata().getNamespace())
        .withUid(involved.getMetadata().getUid())
        .withResourceVersion(involved.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource()
        .withComponent(COMPONENT)
        .endSource()
        .withReportingComponent(COMPONENT)
        .build();
  }
}
