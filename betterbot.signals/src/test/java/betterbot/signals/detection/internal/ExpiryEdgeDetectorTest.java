package betterbot.signals.detection.internal;

import static betterbot.signals.detection.internal.Fixtures.T0;
import static betterbot.signals.detection.internal.Fixtures.market;
import static betterbot.signals.detection.internal.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import betterbot.signals.RecommendedAction;
import betterbot.signals.SignalType;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.market.Market;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryEdgeDetectorTest {
    final ExpiryEdgeDetector detector = new ExpiryEdgeDetector(DetectionConfig.defaults());

    static Fixtures.MarketBuilder endingIn(Duration left) {
        return market("0xe1").endDate(T0.plus(left)).prices(0.88, 0.12).liquidity(15_000.0);
    }

    @ParameterizedTest(name = "{0} s left, YES at {1}, liquidity {2} -> {3}")
    @CsvSource({
        // seconds left, YES price, liquidity, signals
        "5400,  0.88,  15000,   1",
        "14400, 0.88,  15000,   1",   // exactly 4 h: within
        "14401, 0.88,  15000,   0",   // just beyond
        "1,     0.88,  15000,   1",
        "0,     0.88,  15000,   0",   // ends now: too late
        "-600,  0.88,  15000,   0",   // a stale end date in the past, the market still "active"
        "5400,  0.70,  15000,   1",   // favourite exactly at the minimum
        "5400,  0.6999,15000,   0",
        "5400,  0.88,  1000,    1",   // liquidity exactly at the minimum
        "5400,  0.88,  999.99,  0",
        "5400,  0.9499,15000,   1",   // just under the settlement-sweep ceiling
        "5400,  0.95,  15000,   0",   // at EXPIRY_MAX_PRICE: a sweep, nothing left to win
        "5400,  0.996, 15000,   0",   // a finished game awaiting settlement
    })
    void thresholds(long secondsLeft, double yes, double liquidity, int signals) {
        Market m = endingIn(Duration.ofSeconds(secondsLeft)).prices(yes, Math.round((1 - yes) * 1e4) / 1e4)
                .liquidity(liquidity).build();
        assertEquals(signals, run(detector, T0, m).size());
    }

    @Test
    void closedInactiveOrNotAcceptingMarketsAreSkipped() {
        Duration left = Duration.ofMinutes(90);
        assertEquals(List.of(), run(detector, T0, endingIn(left).closed(true).build()));
        assertEquals(List.of(), run(detector, T0, endingIn(left).active(false).build()));
        assertEquals(List.of(), run(detector, T0, endingIn(left).acceptingOrders(false).build()));
        assertEquals(List.of(), run(detector, T0, endingIn(left).liquidity(null).build()), "unknown liquidity");
        assertEquals(List.of(), run(detector, T0, endingIn(left).endDate(null).build()), "unknown end");
    }

    @Test
    void aSportsGameThatHasNotStartedIsNoExpiryEdge() {
        java.time.Instant kickOff = T0.plus(Duration.ofMinutes(90));
        assertEquals(List.of(), run(detector, T0, endingIn(Duration.ofMinutes(90)).prices(0.755, 0.245)
                .game(kickOff, false, false).build()), "its end date is the kick-off: the result is hours away");
        assertEquals(List.of(), run(detector, T0, endingIn(Duration.ofMinutes(150)).prices(0.755, 0.245)
                .game(T0.plus(Duration.ofMinutes(30)), false, false).build()), "kick-off still in the future");
        assertEquals(List.of(), run(detector, T0, endingIn(Duration.ofMinutes(90)).prices(0.755, 0.245)
                .game(T0.minus(Duration.ofMinutes(10)), true, false).endDate(T0.minus(Duration.ofMinutes(10)))
                .build()), "end date at the kick-off");
        List<Detection> live = run(detector, T0, endingIn(Duration.ofMinutes(90)).prices(0.82, 0.18)
                .game(T0.minus(Duration.ofMinutes(60)), true, false).build());
        assertEquals(List.of(new SignalType.ExpiryEdge(1.5, "Yes", 0.82)), live.stream().map(Detection::type).toList(),
                "a game under way that ends in 1.5 h is an expiry edge");
    }

    @Test
    void aSportsMarketWithoutAKickOffTimeCountsOnlyWhileItsEventIsLive() {
        Fixtures.MarketBuilder noKickOff = endingIn(Duration.ofMinutes(90)).game(null, false, false);
        assertEquals(List.of(), run(detector, T0, noKickOff.build()));
        assertEquals(1, run(detector, T0, endingIn(Duration.ofMinutes(90)).game(null, true, false).build()).size());
    }

    @ParameterizedTest(name = "UMA status {0}, event ended {1} -> {2}")
    @CsvSource({"'', false, 1", "proposed, false, 0", "disputed, false, 0", "resolved, false, 0", "'', true, 0"})
    void aMarketBeingSettledIsNoExpiryEdge(String uma, boolean ended, int signals) {
        Fixtures.MarketBuilder m = endingIn(Duration.ofMinutes(90));
        m.umaResolutionStatus(uma.isEmpty() ? null : uma);
        m.eventEnded = ended;
        assertEquals(signals, run(detector, T0, m.build()).size());
    }

    @Test
    void theFavouriteMayBeNo() {
        Detection d = run(detector, T0, endingIn(Duration.ofMinutes(150)).prices(0.17, 0.83).build()).get(0);
        assertEquals(new SignalType.ExpiryEdge(2.5, "No", 0.83), d.type());
        assertEquals("expiry_edge:0xe1", d.id());
        assertEquals(0.83, d.confidence(), "the confidence is the favourite's price");
        assertEquals("0xe1-no", d.details().assetId());
        assertEquals(1, d.details().outcomeIndex());
        assertEquals(RecommendedAction.BUY_FAVOURITE, d.details().recommendedAction());
        assertEquals(T0.plus(Duration.ofMinutes(150)), d.details().expiryTime());
    }

    @Test
    void thresholdsComeFromTheConfiguration() {
        ExpiryEdgeDetector wide = new ExpiryEdgeDetector(DetectionConfig.defaults().toBuilder().expiryMaxHours(24)
                .expiryMinPrice(0.9).build());
        assertEquals(1, run(wide, T0, endingIn(Duration.ofHours(20)).prices(0.92, 0.08).build()).size());
        assertEquals(0, run(wide, T0, endingIn(Duration.ofHours(2)).prices(0.88, 0.12).build()).size());
        ExpiryEdgeDetector lowCeiling = new ExpiryEdgeDetector(DetectionConfig.defaults().toBuilder()
                .expiryMaxPrice(0.85).build());
        assertEquals(0, run(lowCeiling, T0, endingIn(Duration.ofHours(2)).prices(0.88, 0.12).build()).size());
        assertEquals(1, run(lowCeiling, T0, endingIn(Duration.ofHours(2)).prices(0.84, 0.16).build()).size());
    }
}
