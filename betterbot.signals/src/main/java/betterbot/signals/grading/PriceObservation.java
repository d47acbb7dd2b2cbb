package betterbot.signals.grading;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Prices of outcome tokens seen at one moment (the grader's own observation of an open market, or a point filled
 * from the price history).
 *
 * @param prices price by outcome token id
 */
public record PriceObservation(Instant observedAt, Map<String, Double> prices) {

    public PriceObservation {
        Objects.requireNonNull(observedAt, "observed_at");
        prices = Map.copyOf(prices);
    }

    /** True when every holding's token has a price here. */
    boolean covers(Entry entry) {
        return entry.holdings().stream().allMatch(h -> prices.containsKey(h.assetId()));
    }
}
