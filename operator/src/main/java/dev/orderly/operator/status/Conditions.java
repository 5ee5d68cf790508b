package dev.orderly.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The condition types of an OrderPlatform and how one condition follows from the previous one. */
public final class Conditions {

  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String DATABASE_READY = "DatabaseReady";
  public static final String BROKER_READY = "BrokerReady";

  public static final String TRUE = "True";
  public static final String FALSE = "False";

  private Conditions() {}

  /** The condition of {@code type} in {@code conditions}, if there is one. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(condition -> type.equals(condition.getType())).findFirst();
  }

  /**
   * The new condition of {@code type}. Its lastTransitionTime is the previous one's when the status
   * did not change, so the time says when the condition last flipped, not when it was last checked.
   */
  public static Condition next(
      List<Condition> previous,
      String type,
      boolean status,
      String reason,
      String message,
      long generation,
      Instant now) {
    String statusText = status ? TRUE : FALSE;
    String transitionTime =
        find(previous, type)
            .filter(
                old ->
                    Objects.equals(old.getStatus(), statusText)
                        && old.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(now.toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(statusText)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transitionTime)
        .build();
  }

  /** Whether {@code type} is True in {@code conditions}. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type)
        .map(condition -> TRUE.equals(condition.getStatus()))
        .orElse(false);
  }
}
