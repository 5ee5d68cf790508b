package dev.orderly.operator.reconciler;

import dev.orderly.operator.api.v1alpha1.OrderPlatform;
import dev.orderly.operator.api.v1alpha1.OrderPlatformStatus;
import dev.orderly.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Turns status changes into Events: the platform became ready, or something started failing. */
final class StatusAnnouncer {

  private final PlatformEvents events;

  StatusAnnouncer(PlatformEvents events) {
    this.events = events;
  }

  /** Records an Event for each change from {@code before} to {@code after} worth telling. */
  void announceChanges(
      OrderPlatform platform, OrderPlatformStatus before, OrderPlatformStatus after) {
    List<Condition> previous = before == null ? List.of() : before.conditions();
    Optional<Condition> degraded = Conditions.find(after.conditions(), Conditions.DEGRADED);
    boolean newProblem =
        degraded
            .filter(c -> Conditions.TRUE.equals(c.getStatus()))
            .filter(
                c ->
                    !Conditions.isTrue(previous, Conditions.DEGRADED)
                        || !Objects.equals(
                            Conditions.find(previous, Conditions.DEGRADED)
                                .map(Condition::getMessage)
                                .orElse(null),
                            c.getMessage()))
            .isPresent();
    if (newProblem) {
      events.warning(platform, degraded.get().getReason(), degraded.get().getMessage());
    }
    if (Conditions.isTrue(after.conditions(), Conditions.READY)
        && !Conditions.isTrue(previous, Conditions.READY)) {
      events.normal(
          platform,
          "PlatformReady",
          "Every component is ready; the platform serves at " + after.endpoint());
    }
    if (before == null || before.phase() != after.phase()) {
      events.normal(platform, "Phase" + after.phase(), "Phase is now " + after.phase());
    }
  }
}
