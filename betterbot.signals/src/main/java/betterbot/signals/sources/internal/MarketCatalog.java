package betterbot.signals.sources.internal;

import betterbot.signals.market.Market;
import java.util.List;

/** The markets of the latest successful markets poll, by 24 h volume; the books poll reads it. */
final class MarketCatalog {
    private volatile List<Market> markets = List.of();

    void replace(List<Market> latest) {
        markets = List.copyOf(latest);
    }

    List<Market> markets() {
        return markets;
    }
}
