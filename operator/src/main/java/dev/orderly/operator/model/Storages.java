package dev.orderly.operator.model;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Persistent volume sizes: validation and the claim template of a StatefulSet. */
public final class Storages {

  /** Name of the data volume of the broker and database StatefulSets. */
  public static final String DATA_VOLUME = "data";

  private Storages() {}

  /**
   * {@code requested}, or {@code defaultSize} when null; rejects sizes that are not a positive
   * quantity.
   */
  public static String validSize(String requested, String defaultSize, String field) {
    String size = requested == null ? defaultSize : requested;
    try {
      if (Quantity.getAmountInBytes(new Quantity(size)).compareTo(BigDecimal.ZERO) <= 0) {
        throw new InvalidSpecException(field, "must be a positive size such as 1Gi, got " + size);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidSpecException(field, "must be a size such as 1Gi, got " + size);
    }
    return size;
  }

  /**
   * {@code desired} with the StorageClass of {@code existing}'s data claim template: it cannot
   * change once the StatefulSet exists.
   */
  public static StatefulSet withClaimClassOf(StatefulSet existing, StatefulSet desired) {
    String inUse =
        dataClaim(existing).map(claim -> claim.getSpec().getStorageClassName()).orElse(null);
    dataClaim(desired).ifPresent(claim -> claim.getSpec().setStorageClassName(inUse));
    return desired;
  }

  private static Optional<PersistentVolumeClaim> dataClaim(StatefulSet statefulSet) {
    return Optional.ofNullable(statefulSet.getSpec())
        .map(StatefulSetSpec::getVolumeClaimTemplates)
        .stream()
        .flatMap(List::stream)
        .filter(claim -> DATA_VOLUME.equals(claim.getMetadata().getName()))
        .findFirst();
  }

  /** The size of the data claim template of an existing StatefulSet, if it has one. */
  public static Optional<String> claimSizeOf(StatefulSet statefulSet) {
    return dataClaim(statefulSet)
        .map(claim -> claim.getSpec().getResources().getRequests().get("storage"))
        .map(Quantity::toString);
  }

  /**
   * The claim template of a StatefulSet. A template cannot change once the StatefulSet exists, so
   * callers pass the size already in use when there is one.
   */
  public static PersistentVolumeClaim claimTemplate(
      Labels labels, String size, String storageClassName) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(DATA_VOLUME)
        .withLabels(labels.selector())
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClassName)
        .withNewResources()
        .addToRequests("storage", new Quantity(size))
        .endResources()
        .endSpec()
        .build();
  }
}
