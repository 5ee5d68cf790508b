package dev.orderly.common.db;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * Ids for rows the services create: UUIDv7 (RFC 9562), a millisecond timestamp followed by 74
 * random bits. New ids sort after older ones, so every index keyed by them grows at its right edge
 * instead of touching a random page per insert: fewer pages to keep in memory, and fewer full-page
 * images in the WAL after each checkpoint. Still unguessable.
 */
public final class Ids {

  private static final TimeBasedEpochGenerator V7 = Generators.timeBasedEpochGenerator();

  private Ids() {}

  /** A new time-ordered id. */
  public static UUID next() {
    return V7.generate();
  }
}
