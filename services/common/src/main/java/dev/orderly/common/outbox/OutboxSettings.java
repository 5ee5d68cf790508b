package dev.orderly.common.outbox;

import dev.orderly.common.config.Settings;
import java.time.Duration;

/**
 * How the outbox relay works.
 *
 * @param batchSize      rows claimed per round
 * @param pollInterval   period of rounds when nothing wakes the relay
 * @param retention      how long sent rows are kept
 * @param inboxRetention how long inbox entries (deduplication memory) are kept
 */
public record OutboxSettings(int batchSize, Duration pollInterval, Duration retention, Duration inboxRetention) {

    /** Reads {@code outbox.*} and {@code inbox.*}. */
    public static OutboxSettings from(Settings settings) {
        return new OutboxSettings(
                settings.integer("outbox.batch.size", 200),
                settings.duration("outbox.poll.interval", "250ms"),
                settings.duration("outbox.retention", "1h"),
                settings.duration("inbox.retention", "168h"));
    }
}
