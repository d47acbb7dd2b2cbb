package betterbot.signals.market;

import java.time.Instant;
import java.util.List;

/**
 * One CLOB order book: the resting bids and asks of one outcome token. Levels come in no guaranteed order
 * (docs/domain.md, Upstream: CLOB), so the best levels are computed, never taken from an end of the list.
 *
 * @param conditionId the book's market (condition id), CLOB's {@code market}
 * @param assetId the outcome token
 * @param timestamp when the CLOB produced the book; null when absent
 * @param minOrderSize the smallest order in shares; null when absent
 * @param tickSize the price increment; null when absent
 */
public record OrderBook(String conditionId, String assetId, Instant timestamp, List<BookLevel> bids,
                        List<BookLevel> asks, Double minOrderSize, Double tickSize, String hash) {

    public OrderBook {
        if (assetId == null || assetId.isBlank()) {
            throw new IllegalArgumentException("an order book needs an asset id");
        }
        bids = bids == null ? List.of() : List.copyOf(bids);
        asks = asks == null ? List.of() : List.copyOf(asks);
    }

    /** The highest bid with shares behind it (sizes at that price summed), or null for an empty side. */
    public BookLevel bestBid() {
        return best(bids, true);
    }

    /** The lowest ask with shares behind it (sizes at that price summed), or null for an empty side. */
    public BookLevel bestAsk() {
        return best(asks, false);
    }

    private static BookLevel best(List<BookLevel> levels, boolean highest) {
        double price = Double.NaN;
        double size = 0;
        for (BookLevel level : levels) {
            if (level.size() <= 0) {
                continue;
            }
            if (Double.isNaN(price) || (highest ? level.price() > price : level.price() < price)) {
                price = level.price();
                size = level.size();
            } else if (level.price() == price) {
                size += level.size();
            }
        }
        return Double.isNaN(price) ? null : new BookLevel(price, size);
    }
}
