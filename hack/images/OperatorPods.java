import dev.orderly.operator.model.GatewayModel;
import dev.orderly.operator.model.Images;
import dev.orderly.operator.model.PlatformIdentity;
import dev.orderly.operator.model.PostgresModel;
import dev.orderly.operator.model.RabbitMqModel;
import dev.orderly.operator.model.SecretValues;
import dev.orderly.operator.model.Secrets;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PostgreSQL, RabbitMQ and gateway pods exactly as the operator generates them, written out for
 * hack/images/node-check.sh to start the node images the same way without a kubelet. A single-file
 * program: java -cp "operator/target/orderly-operator.jar:operator/target/libs/*" OperatorPods.java
 * DIR POSTGRES_IMAGE RABBITMQ_IMAGE REGISTRY VERSION.
 *
 * <p>For each, DIR/<component>/pod.txt holds tab-separated lines: {@code image REF}, {@code user
 * UID}, {@code group GID}, {@code fsgroup GID}, {@code readonly true|false}, {@code port NAME NUMBER},
 * {@code env NAME VALUE}
 * (secret references resolved from the generated Secrets), {@code mount PATH KIND SOURCE READONLY}
 * (KIND claim, emptydir or files; files' SOURCE is a folder of the ConfigMap's or Secret's keys with
 * the volume's mode), {@code probe KIND exec ARGS...|tcp PORT_NAME|http PORT_NAME PATH}.
 * DIR/<component>/secrets.txt holds the generated credentials, {@code KEY VALUE} a line.
 */
public class OperatorPods {

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    var platform = PlatformIdentity.of("shop", "orderly", null);
    var images = new Images(args[3], args[1], args[2]);
    SecretValues values = new SecretValues() {
      private final SecureRandom random = new SecureRandom();

      @Override
      public String password() {
        String letters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
          password.append(letters.charAt(random.nextInt(letters.length())));
        }
        return password.toString();
      }

      @Override
      public String rsaPrivateKeyPem() {
        throw new UnsupportedOperationException("no store needs a key");
      }
    };

    var postgres = PostgresModel.fromSpec(platform, null, images);
    Secret pgCredentials = postgres.generateCredentialsSecret(values);
    StatefulSet pg = postgres.generateStatefulSet(null);
    write(out.resolve("postgres"), pg.getSpec().getTemplate().getSpec(), claims(pg), List.of(pgCredentials),
        List.of(postgres.generateInitConfigMap()));

    var rabbitmq = RabbitMqModel.fromSpec(platform, null, images);
    Secret mqCredentials = rabbitmq.generateCredentialsSecret(values);
    StatefulSet mq = rabbitmq.generateStatefulSet(null);
    write(out.resolve("rabbitmq"), mq.getSpec().getTemplate().getSpec(), claims(mq),
        List.of(mqCredentials, rabbitmq.generateDefinitionsSecret(mqCredentials)), List.of(rabbitmq.generateConfigMap()));

    var gateway = GatewayModel.fromSpec(platform, null, images.registry(), args[4], null).generateDeployment();
    write(out.resolve("gateway"), gateway.getSpec().getTemplate().getSpec(), List.of(), List.of(), List.of());
  }

  private static List<String> claims(StatefulSet statefulSet) {
    return statefulSet.getSpec().getVolumeClaimTemplates().stream().map(c -> c.getMetadata().getName()).toList();
  }

  private static void write(Path dir, PodSpec pod, List<String> claims, List<Secret> secrets, List<ConfigMap> configMaps)
      throws IOException {
    Files.createDirectories(dir);
    Container container = pod.getContainers().get(0);
    List<String> lines = new ArrayList<>();
    lines.add("image\t" + container.getImage());
    var podContext = pod.getSecurityContext();
    lines.add("user\t" + podContext.getRunAsUser());
    lines.add("group\t" + podContext.getRunAsGroup());
    lines.add("fsgroup\t" + podContext.getFsGroup());
    lines.add("readonly\t" + container.getSecurityContext().getReadOnlyRootFilesystem());
    container.getPorts().forEach(port -> lines.add("port\t" + port.getName() + "\t" + port.getContainerPort()));
    for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      String value = env.getValue();
      if (env.getValueFrom() != null) {
        var ref = env.getValueFrom().getSecretKeyRef();
        Secret secret = secrets.stream().filter(s -> s.getMetadata().getName().equals(ref.getName())).findFirst()
            .orElseThrow(() -> new IllegalStateException("no generated Secret " + ref.getName()));
        value = Secrets.value(secret, ref.getKey()).orElseThrow();
      }
      lines.add("env\t" + env.getName() + "\t" + value);
    }
    for (VolumeMount mount : container.getVolumeMounts()) {
      boolean readOnly = Boolean.TRUE.equals(mount.getReadOnly());
      String name = mount.getName();
      Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElse(null);
      if (volume == null) {
        if (!claims.contains(name)) {
          throw new IllegalStateException("mount " + name + " has no volume");
        }
        lines.add(String.join("\t", "mount", mount.getMountPath(), "claim", name, String.valueOf(readOnly)));
      } else if (volume.getEmptyDir() != null) {
        lines.add(String.join("\t", "mount", mount.getMountPath(), "emptydir", name, String.valueOf(readOnly)));
      } else if (volume.getConfigMap() != null) {
        String source = volume.getConfigMap().getName();
        ConfigMap configMap = configMaps.stream().filter(c -> c.getMetadata().getName().equals(source)).findFirst()
            .orElseThrow(() -> new IllegalStateException("no generated ConfigMap " + source));
        Integer mode = volume.getConfigMap().getDefaultMode();
        files(dir.resolve(name), configMap.getData(), mode == null ? 0644 : mode);
        lines.add(String.join("\t", "mount", mount.getMountPath(), "files", name, String.valueOf(readOnly)));
      } else if (volume.getSecret() != null) {
        String source = volume.getSecret().getSecretName();
        Secret secret = secrets.stream().filter(s -> s.getMetadata().getName().equals(source)).findFirst()
            .orElseThrow(() -> new IllegalStateException("no generated Secret " + source));
        Map<String, String> data = new java.util.LinkedHashMap<>();
        secret.getData().keySet().forEach(key -> data.put(key, Secrets.value(secret, key).orElseThrow()));
        Integer mode = volume.getSecret().getDefaultMode();
        files(dir.resolve(name), data, mode == null ? 0644 : mode);
        lines.add(String.join("\t", "mount", mount.getMountPath(), "files", name, String.valueOf(readOnly)));
      } else {
        throw new IllegalStateException("volume " + name + " of a kind this check does not know");
      }
    }
    probe(lines, "startup", container.getStartupProbe());
    probe(lines, "readiness", container.getReadinessProbe());
    probe(lines, "liveness", container.getLivenessProbe());
    Files.writeString(dir.resolve("pod.txt"), String.join("\n", lines) + "\n");
    List<String> credentials = new ArrayList<>();
    if (!secrets.isEmpty()) {
      Secret first = secrets.get(0);
      first.getData().keySet().forEach(key -> credentials.add(key + "\t" + Secrets.value(first, key).orElseThrow()));
    }
    Files.writeString(dir.resolve("secrets.txt"), String.join("\n", credentials) + "\n");
  }

  private static void probe(List<String> lines, String kind, Probe probe) {
    if (probe == null) {
      return;
    }
    if (probe.getExec() != null) {
      lines.add("probe\t" + kind + "\texec\t" + String.join("\t", probe.getExec().getCommand()));
    } else if (probe.getTcpSocket() != null) {
      lines.add("probe\t" + kind + "\ttcp\t" + probe.getTcpSocket().getPort().getStrVal());
    } else if (probe.getHttpGet() != null) {
      lines.add("probe\t" + kind + "\thttp\t" + probe.getHttpGet().getPort().getStrVal() + "\t" + probe.getHttpGet().getPath());
    }
  }

  private static void files(Path dir, Map<String, String> data, int mode) throws IOException {
    Files.createDirectories(dir);
    for (var entry : data.entrySet()) {
      Path file = dir.resolve(entry.getKey());
      Files.writeString(file, entry.getValue(), StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, permissions(mode));
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] all = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < all.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(all[bit]);
      }
    }
    return set;
  }
}
