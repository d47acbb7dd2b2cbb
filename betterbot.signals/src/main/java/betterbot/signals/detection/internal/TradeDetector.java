package betterbot.signals.detection.internal;

import betterbot.signals.market.Trade;
import java.time.Instant;
import java.util.List;

/** A detector fed one taker trade at a time, oldest first. */
public interface TradeDetector {
    /** The signal type it detects, for logs and failure counts. */
    String name();

    /** Examines one trade (never a duplicate fill) and adds what it finds to {@code out}. */
    void onTrade(Trade trade, MarketCache markets, List<Detection> out);

    /** Forgets state older than its window; called after each batch with the batch's capture time. */
    default void sweep(Instant capturedAt) {
    }
}
