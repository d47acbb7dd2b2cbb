package betterbot.signals.delivery;

import betterbot.signals.StoredSignal;
import java.util.Set;

/**
 * Which signals a destination receives; an empty set or a null minimum does not filter.
 *
 * @param types signal type wire names, e.g. {@code whale_trade}
 * @param sources source wire names, e.g. {@code polymarket}
 * @param minConfidence the lowest confidence delivered
 * @param markets market (or event) slugs
 */
public record DeliveryFilter(Set<String> types, Set<String> sources, Double minConfidence, Set<String> markets) {
    public static final DeliveryFilter ALL = new DeliveryFilter(Set.of(), Set.of(), null, Set.of());

    public DeliveryFilter {
        types = Set.copyOf(types);
        sources = Set.copyOf(sources);
        markets = Set.copyOf(markets);
        if (minConfidence != null && !(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("min_confidence must be from 0 to 1, got " + minConfidence);
        }
    }

    public boolean matches(StoredSignal s) {
        return (types.isEmpty() || types.contains(s.type()))
                && (sources.isEmpty() || sources.contains(s.source().wireName()))
                && (minConfidence == null || s.confidence() >= minConfidence)
                && (markets.isEmpty() || markets.contains(s.marketSlug()));
    }
}
