package betterbot.signals.detection.internal;

import betterbot.signals.detection.DetectionConfig;
import java.util.List;

/** The seven detectors of docs/domain.md, Detection rules, by the input they read. */
public final class Detectors {
    private Detectors() {
    }

    public static List<TradeDetector> forTrades(DetectionConfig config) {
        return List.of(new WhaleTradeDetector(config), new WhaleClusterDetector(config),
                new TrackedWalletDetector(config));
    }

    public static List<MarketDetector> forMarkets(DetectionConfig config) {
        return List.of(new ExpiryEdgeDetector(config), new VolumeSpikeDetector(config));
    }

    public static List<BookDetector> forBooks(DetectionConfig config) {
        return List.of(new PriceDeviationDetector(config), new WideSpreadDetector(config));
    }
}
