package dev.orderly.operator.model;

import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Optional;

/**
 * The CA of an external server's certificate, from a Secret's {@code ca.crt}, mounted read-only in
 * the pods of the services that connect to that server.
 *
 * @param volume the pod volume's name
 * @param dir where it is mounted
 * @param secret the Secret holding {@code ca.crt}, if the spec names one
 */
public record ServerCa(String volume, String dir, Optional<String> secret) {

  /** The file the services read. */
  public String file() {
    return dir + "/ca.crt";
  }

  public List<Volume> volumes() {
    return secret
        .map(name -> List.of(Workloads.secretVolume(volume, name, 0444)))
        .orElse(List.of());
  }

  public List<VolumeMount> mounts() {
    return secret.map(name -> List.of(Workloads.mount(volume, dir, true))).orElse(List.of());
  }
}
