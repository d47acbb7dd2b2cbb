package betterbot.signals.detection.internal;

import static betterbot.signals.detection.internal.Fixtures.T0;
import static betterbot.signals.detection.internal.Fixtures.book;
import static betterbot.signals.detection.internal.Fixtures.cache;
import static betterbot.signals.detection.internal.Fixtures.market;
import static betterbot.signals.detection.internal.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import betterbot.signals.SignalType;
import betterbot.signals.detection.DetectionConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WideSpreadDetectorTest {
    final WideSpreadDetector detector = new WideSpreadDetector(DetectionConfig.defaults());

    @ParameterizedTest(name = "bid {0} ask {1} liquidity {2} -> {3}")
    @CsvSource({
        "0.45, 0.60, 5000,   1",   // exactly 0.15 (0.6 − 0.45 is 0.1499999… in binary)
        "0.30, 0.55, 5000,   1",
        "0.451,0.60, 5000,   0",   // 0.149
        "0.45, 0.60, 1000,   1",   // liquidity exactly at the minimum
        "0.45, 0.60, 999.99, 0",
        "0,    0.60, 5000,   0",   // no bids: no spread to measure
    })
    void thresholds(double bid, double ask, double liquidity, int signals) {
        MarketCache markets = cache(market("0xw1").liquidity(liquidity).build());
        assertEquals(signals, run(detector, markets, T0, book("0xw1-yes", bid, 100, ask, 100)).size());
    }

    @Test
    void oneSignalPerMarketFromItsFirstOutcomesBook() {
        MarketCache markets = cache(market("0xw1").liquidity(5_000.0).build());
        List<Detection> found = run(detector, markets, T0, book("0xw1-no", 0.45, 100, 0.70, 100),
                book("0xw1-yes", 0.30, 100, 0.55, 100));
        assertEquals(1, found.size());
        Detection d = found.get(0);
        assertEquals(new SignalType.WideSpread("Yes", 0.30, 0.55, 0.25), d.type());
        assertEquals("wide_spread:0xw1:20261124T12", d.id());
        assertEquals(0.6, d.confidence());
        assertEquals("slug-0xw1", d.marketSlug());
    }

    @Test
    void aSpreadStillWideOnTheNextPollIsTheSameSituation() {
        MarketCache markets = cache(market("0xw1").liquidity(5_000.0).build());
        assertEquals(1, run(detector, markets, T0, book("0xw1-yes", 0.30, 100, 0.55, 100)).size());
        assertEquals(0, run(detector, markets, T0.plusSeconds(60), book("0xw1-yes", 0.31, 100, 0.55, 100)).size());
        assertEquals(0, run(detector, markets, T0.plusSeconds(1800), book("0xw1-yes", 0.31, 100, 0.55, 100)).size());
        // gone for longer than the quiet period: a new situation, with the hour it started in its id
        List<Detection> later = run(detector, markets, T0.plusSeconds(7200), book("0xw1-yes", 0.31, 100, 0.55, 100));
        assertEquals(List.of("wide_spread:0xw1:20261124T14"), later.stream().map(Detection::id).toList());
    }

    @Test
    void booksOfUnknownOrClosedMarketsAreIgnored() {
        MarketCache markets = cache(market("0xw1").liquidity(5_000.0).closed(true).build());
        assertEquals(List.of(), run(detector, markets, T0, book("0xw1-yes", 0.30, 100, 0.55, 100)));
        assertEquals(List.of(), run(detector, markets, T0, book("0xunknown-yes", 0.30, 100, 0.55, 100)));
    }
}
