package dev.orderly.operator.reconciler;

import dev.orderly.operator.model.Component;
import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.ResourceNames;
import dev.orderly.operator.model.Storages;
import dev.orderly.operator.status.Problem;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Refuses to generate a managed store's credentials anew over a volume that already holds the
 * store: PostgreSQL and RabbitMQ keep the passwords they were initialised with, so new ones would
 * lock every service out at its next start. The same for auth's keys over the database that holds
 * auth's users: its admin keeps the bootstrap password of the old Secret. That happens when such a
 * Secret is deleted, or when a platform is recreated over the claims an earlier one kept
 * (reclaimPolicy Retain).
 */
final class GeneratedSecretCheck {

  private GeneratedSecretCheck() {}

  /**
   * The problem, if a managed store's credentials Secret is missing while its data claim exists.
   *
   * @param secret finds a Secret of the platform by name, as the API server has it (not only as a
   *     cache that may lag behind the Secret's creation has it)
   * @param claim finds a PersistentVolumeClaim of the platform's namespace by name
   */
  static Optional<Problem> check(
      PlatformModel model,
      Function<String, Optional<Secret>> secret,
      Function<String, Optional<PersistentVolumeClaim>> claim) {
    String platform = model.platform().name();
    List<String> lost = new ArrayList<>();
    if (model.postgres().isManaged()) {
      lost(
              ResourceNames.postgresCredentials(platform),
              Component.POSTGRES,
              "a postgres that keeps the passwords of the old Secret; new ones would lock the services out",
              model,
              secret,
              claim)
          .ifPresent(lost::add);
      lost(
              ResourceNames.authKeys(platform),
              Component.POSTGRES,
              "auth's users, whose admin keeps the bootstrap password of the old Secret; a new one would not log in",
              model,
              secret,
              claim)
          .ifPresent(lost::add);
    }
    if (model.rabbitmq().isManaged()) {
      lost(
              ResourceNames.rabbitmqCredentials(platform),
              Component.RABBITMQ,
              "a rabbitmq that keeps the passwords of the old Secret; new ones would lock the services out",
              model,
              secret,
              claim)
          .ifPresent(lost::add);
    }
    return lost.isEmpty()
        ? Optional.empty()
        : Optional.of(Problem.credentialsLost(String.join("; ", lost)));
  }

  private static Optional<String> lost(
      String secretName,
      Component store,
      String holds,
      PlatformModel model,
      Function<String, Optional<Secret>> secret,
      Function<String, Optional<PersistentVolumeClaim>> claim) {
    if (secret.apply(secretName).isPresent()) {
      return Optional.empty();
    }
    String claimName = Storages.DATA_VOLUME + "-" + model.platform().workloadName(store) + "-0";
    return claim
        .apply(claimName)
        .map(
            existing ->
                "Secret "
                    + secretName
                    + " is missing, but claim "
                    + claimName
                    + " holds "
                    + holds
                    + ". Restore the Secret (from a backup), or delete the claim to start that store empty");
  }
}
