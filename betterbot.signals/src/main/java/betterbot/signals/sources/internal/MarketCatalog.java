package betterbot.signals.sources.internal;

import betterbot.signals.market.Market;
import java.util.List;
import java.util.Set;

/**
 * The markets of the latest successful markets poll, by 24 h volume, and the NegRisk events whose legs could not
 * all be fetched in it; the books poll and the market stream read both.
 */
final class MarketCatalog {
    private record Snapshot(List<Market> markets, Set<String> incompleteEvents) {
    }

    private volatile Snapshot snapshot = new Snapshot(List.of(), Set.of());
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

    void replace(List<Market> latest) {
        replace(latest, Set.of());
    }

    /** @param incompleteEvents {@code negRiskMarketID}s whose legs may be missing: never judged as one set */
    void replace(List<Market> latest, Set<String> incompleteEvents) {
        snapshot = new Snapshot(List.copyOf(latest), Set.copyOf(incompleteEvents));
        version.incrementAndGet();
    }

    /** Grows at every {@link #replace}: the market stream recomputes what it follows when it moved. */
    long version() {
        return version.get();
    }

    List<Market> markets() {
        return snapshot.markets();
    }

    Set<String> incompleteEvents() {
        return snapshot.incompleteEvents();
    }
}
