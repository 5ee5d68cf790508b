package dev.orderly.operator.api.v1alpha1;

/** Validation of persistent volume sizes shared by the broker and database sections. */
public final class Storage {

  /** A Kubernetes quantity of bytes such as {@code 512Mi}, {@code 5Gi} or {@code 1T}. */
  public static final String PATTERN = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";

  /** CEL transition rule on the section: its volume can grow but never shrink. */
  public static final String NO_SHRINK_RULE =
      "!has(self.storage) || !has(oldSelf.storage) || !isQuantity(self.storage) || !isQuantity(oldSelf.storage)"
          + " || quantity(self.storage).compareTo(quantity(oldSelf.storage)) >= 0";

  /** CEL rule: a section is either operator-managed (storage) or external, never both. */
  public static final String MANAGED_OR_EXTERNAL_RULE =
      "!(has(self.storage) && has(self.external))";

  private Storage() {}
}
