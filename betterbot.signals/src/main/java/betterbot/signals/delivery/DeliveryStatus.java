package betterbot.signals.delivery;

import java.time.Instant;
import java.util.Locale;

/**
 * How one destination is doing, as {@code GET /api/deliveries}, {@code /metrics} and {@code /health} show it.
 *
 * @param lastDeliveredSeq the destination's cursor: every signal up to it was delivered, filtered out or refused
 * @param lagSignals stored signals above the cursor
 * @param lagSeconds how long the oldest of them has waited; 0 when caught up
 * @param delivered signals delivered since start
 * @param failures failed attempts since start (each retried)
 * @param undeliverable signals refused for good, over the destination's life
 * @param expired signals retention deleted before this destination took them
 */
public record DeliveryStatus(String name, DestinationKind kind, String url, State state, long lastDeliveredSeq,
                             long lagSignals, long lagSeconds, long delivered, long failures, long undeliverable,
                             long expired, int consecutiveFailures, Instant lastDeliveredAt, String lastError) {

    public enum State {
        /** Caught up, or delivering. */
        OK,
        /** The last attempts failed; retrying with backoff. */
        FAILING,
        /** Not started or stopped. */
        STOPPED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
