package dev.orderly.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;

/** Health probes of the platform's containers. */
public final class Probes {

  public static final String LIVENESS_PATH = "/observe/health/live";
  public static final String READINESS_PATH = "/observe/health/ready";

  private Probes() {}

  /** HTTP GET on a named port. */
  public static Probe http(String path, String portName, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString(portName))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(3)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  /** A command in the container. */
  public static Probe exec(
      int periodSeconds, int timeoutSeconds, int failureThreshold, String... command) {
    return new ProbeBuilder()
        .withNewExec()
        .withCommand(command)
        .endExec()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(timeoutSeconds)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  /** A TCP connect on a named port. */
  public static Probe tcp(String portName, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewTcpSocket()
        .withPort(new IntOrString(portName))
        .endTcpSocket()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(3)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
