package dev.orderly.operator.reconciler;

import dev.orderly.operator.model.PlatformModel;
import dev.orderly.operator.model.PostgresModel;
import dev.orderly.operator.model.RabbitMqModel;
import dev.orderly.operator.model.Secrets;
import dev.orderly.operator.status.Problem;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks that the Secrets an external PostgreSQL or RabbitMQ is reached with exist and hold every
 * key the services read; otherwise the pods would sit in CreateContainerConfigError.
 */
public final class ExternalSecretCheck {

  private ExternalSecretCheck() {}

  /**
   * The problem with the referenced Secrets, if any.
   *
   * @param lookup finds a Secret by name in the platform's namespace
   */
  public static Optional<Problem> check(
      PlatformModel model, Function<String, Optional<Secret>> lookup) {
    List<String> problems = new ArrayList<>();
    model
        .postgres()
        .external()
        .ifPresent(
            external ->
                problems.addAll(
                    check(
                        "spec.postgres.external.secretRef",
                        external.secretRef().name(),
                        PostgresModel.externalSecretKeys(),
                        lookup)));
    model
        .rabbitmq()
        .external()
        .ifPresent(
            external ->
                problems.addAll(
                    check(
                        "spec.rabbitmq.external.secretRef",
                        external.secretRef().name(),
                        RabbitMqModel.externalSecretKeys(),
                        lookup)));
    return problems.isEmpty()
        ? Optional.empty()
        : Optional.of(Problem.externalSecret(String.join("; ", problems)));
  }

  private static List<String> check(
      String field,
      String secretName,
      List<String> keys,
      Function<String, Optional<Secret>> lookup) {
    Optional<Secret> secret = lookup.apply(secretName);
    if (secret.isEmpty()) {
      return List.of(
          "Secret "
              + secretName
              + " referenced by "
              + field
              + " does not exist; create it with keys "
              + String.join(", ", keys));
    }
    List<String> missing =
        keys.stream().filter(key -> Secrets.value(secret.get(), key).isEmpty()).toList();
    return missing.isEmpty()
        ? List.of()
        : List.of(
            "Secret "
                + secretName
                + " referenced by "
                + field
                + " lacks keys "
                + String.join(", ", missing));
  }
}
