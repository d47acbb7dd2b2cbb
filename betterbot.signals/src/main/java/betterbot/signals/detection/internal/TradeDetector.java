package betterbot.signals.detection.internal;

import betterbot.signals.market.Trade;
import java.time.Instant;
import java.util.List;

/** A detector fed one fill at a time, oldest first. */
public interface TradeDetector {
    /** The signal type it detects, for logs and failure counts. */
    String name();

    /**
     * Examines one fill (never a duplicate, except a fill first seen from a mixed feed and now seen as a known
     * taker's, which only {@link #takerFillsOnly()} detectors get again) and adds what it finds to {@code out}.
     *
     * @param capturedAt when the fill's page was received: the fill's age is {@code capturedAt − timestamp}
     */
    void onTrade(Trade trade, MarketCache markets, Instant capturedAt, List<Detection> out);

    /** True for detectors that count known taker fills only (whale trades and clusters). */
    default boolean takerFillsOnly() {
        return false;
    }

    /** Forgets state older than its window; called after each batch with the batch's capture time. */
    default void sweep(Instant capturedAt) {
    }
}
