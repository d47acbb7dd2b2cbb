package betterbot.signals.detection.internal;

import betterbot.signals.market.OrderBook;
import java.time.Instant;
import java.util.List;

/** A detector fed one batch of order books fetched together (one consistent moment, as far as upstream allows). */
public interface BookDetector {
    String name();

    void onBooks(List<OrderBook> books, MarketCache markets, Instant capturedAt, List<Detection> out);
}
