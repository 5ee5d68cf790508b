package dev.orderly.operator.model;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/** Security contexts meeting the Kubernetes {@code restricted} Pod Security Standard. */
public final class PodSecurity {

  /**
   * UID of the service images; set explicitly so runAsNonRoot holds whatever the image's USER is.
   */
  public static final long SERVICE_UID = 10001L;

  /** UID of the postgres and rabbitmq users in the official images. */
  public static final long DATA_STORE_UID = 999L;

  private PodSecurity() {}

  /**
   * Pod-level context: a fixed non-root user owning mounted volumes, and the runtime's seccomp
   * profile. Volumes are re-owned only when their root is not the group's yet: a recursive change
   * on every mount is slow on large volumes and makes RabbitMQ's Erlang cookie group-readable.
   */
  public static PodSecurityContext pod(long uid) {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(uid)
        .withRunAsGroup(uid)
        .withFsGroup(uid)
        .withFsGroupChangePolicy("OnRootMismatch")
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  /**
   * Container-level context: no privilege escalation, no capabilities, a read-only root filesystem.
   */
  public static SecurityContext container() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .addToDrop("ALL")
        .endCapabilities()
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }
}
