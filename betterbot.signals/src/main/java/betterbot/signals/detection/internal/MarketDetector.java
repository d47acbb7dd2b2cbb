package betterbot.signals.detection.internal;

import betterbot.signals.market.Market;
import java.time.Instant;
import java.util.List;

/** A detector fed one market snapshot at a time. */
public interface MarketDetector {
    String name();

    /** Examines one market as it was at {@code capturedAt} and adds what it finds to {@code out}. */
    void onMarket(Market market, Instant capturedAt, List<Detection> out);
}
