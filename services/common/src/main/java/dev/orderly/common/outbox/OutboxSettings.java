package dev.orderly.common.outbox;

import dev.orderly.common.config.Settings;
import java.time.Duration;

/**
 * How the outbox relay works.
 *
 * @param batchSize rows claimed per round
 * @param relayThreads rounds in flight at once (each claims other rows), to keep the broker busy
 *     while a round waits for its confirms
 * @param pollInterval period of the poller's rounds, which publish what no dispatch delivered
 * @param retention how long sent rows are kept; zero (the default) deletes a row as soon as the
 *     broker has confirmed it
 * @param inboxRetention how long inbox entries (deduplication memory) are kept
 */
public record OutboxSettings(
    int batchSize,
    int relayThreads,
    Duration pollInterval,
    Duration retention,
    Duration inboxRetention) {

  /** Reads {@code outbox.*} and {@code inbox.*}. */
  public static OutboxSettings from(Settings settings) {
    return new OutboxSettings(
        settings.integer("outbox.batch.size", 200),
        settings.integer("outbox.relay.threads", 2),
        settings.duration("outbox.poll.interval", "250ms"),
        settings.duration("outbox.retention", "0s"),
        settings.duration("inbox.retention", "168h"));
  }
}
