package betterbot.signals.sources.internal;

import betterbot.signals.market.Market;
import java.util.List;
import java.util.Set;

/**
 * The markets of the latest successful markets poll, by 24 h volume, and the NegRisk events whose legs could not
 * all be fetched in it; the books poll reads both.
 */
final class MarketCatalog {
    private record Snapshot(List<Market> markets, Set<String> incompleteEvents) {
    }

    private volatile Snapshot snapshot = new Snapshot(List.of(), Set.of());

    void replace(List<Market> latest) {
        replace(latest, Set.of());
    }

    /** @param incompleteEvents {@code negRiskMarketID}s whose legs may be missing: never judged as one set */
    void replace(List<Market> latest, Set<String> incompleteEvents) {
        snapshot = new Snapshot(List.copyOf(latest), Set.copyOf(incompleteEvents));
    }

    List<Market> markets() {
        return snapshot.markets();
    }

    Set<String> incompleteEvents() {
        return snapshot.incompleteEvents();
    }
}
