package betterbot.signals.detection.internal;

import static betterbot.signals.detection.internal.Fixtures.T0;
import static betterbot.signals.detection.internal.Fixtures.W1;
import static betterbot.signals.detection.internal.Fixtures.W2;
import static betterbot.signals.detection.internal.Fixtures.W3;
import static betterbot.signals.detection.internal.Fixtures.W4;
import static betterbot.signals.detection.internal.Fixtures.W5;
import static betterbot.signals.detection.internal.Fixtures.W6;
import static betterbot.signals.detection.internal.Fixtures.W7;
import static betterbot.signals.detection.internal.Fixtures.buyYes;
import static betterbot.signals.detection.internal.Fixtures.cache;
import static betterbot.signals.detection.internal.Fixtures.market;
import static betterbot.signals.detection.internal.Fixtures.run;
import static betterbot.signals.detection.internal.Fixtures.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import betterbot.signals.RecommendedAction;
import betterbot.signals.Side;
import betterbot.signals.SignalType;
import betterbot.signals.detection.DetectionConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WhaleClusterDetectorTest {
    final WhaleClusterDetector detector = new WhaleClusterDetector(DetectionConfig.defaults());
    final MarketCache markets = cache(market("0xc1").build());

    static Instant at(long minutes) {
        return T0.plusSeconds(minutes * 60);
    }

    @Test
    void threeDistinctWhalesOnOneMarketOutcomeAndSideWithinTheHour() {
        List<Detection> found = run(detector, markets, buyYes(W1, 12_000, at(0)), buyYes(W2, 20_000, at(10)),
                buyYes(W3, 30_000, at(40)));
        assertEquals(1, found.size());
        Detection d = found.get(0);
        assertEquals(new SignalType.WhaleCluster(3, List.of(W1, W2, W3), 62_000, Side.BUY, "Yes", 60), d.type());
        assertEquals(0.70, d.confidence());
        assertEquals(RecommendedAction.FOLLOW_BUY, d.details().recommendedAction());
        assertEquals(0.6, d.details().currentPrice());
        assertNull(d.details().wallet(), "a cluster is about several wallets");
        assertEquals(at(40), d.details().eventTime());
    }

    @Test
    void oneWalletTradingThreeTimesIsNotACluster() {
        assertEquals(List.of(), run(detector, markets, buyYes(W1, 50_000, at(0)), buyYes(W1, 50_000, at(1)),
                buyYes(W1, 50_000, at(2))));
    }

    @Test
    void twoWalletsTradingManyTimesAreNotACluster() {
        assertEquals(List.of(), run(detector, markets, buyYes(W1, 50_000, at(0)), buyYes(W2, 50_000, at(1)),
                buyYes(W1, 50_000, at(2)), buyYes(W2, 50_000, at(3)), buyYes(W1, 50_000, at(4))));
    }

    @ParameterizedTest(name = "third whale after {0} s -> {1}")
    @CsvSource({"3600, 1", "3601, 0"})
    void theWindowIsOneHourInclusive(long seconds, int signals) {
        assertEquals(signals, run(detector, markets, buyYes(W1, 12_000, T0), buyYes(W2, 12_000, T0.plusSeconds(60)),
                buyYes(W3, 12_000, T0.plusSeconds(seconds))).size());
    }

    @ParameterizedTest(name = "third trade of ${0} -> {1}")
    @CsvSource({"10000, 1", "9999.99, 0"})
    void eachTradeMustBeAWhale(double usd, int signals) {
        assertEquals(signals, run(detector, markets, buyYes(W1, 12_000, at(0)), buyYes(W2, 12_000, at(1)),
                buyYes(W3, usd, at(2))).size());
    }

    @Test
    void aSellOfNoDoesNotJoinBuysOfYes() {
        assertEquals(List.of(), run(detector, markets, buyYes(W1, 12_000, at(0)), buyYes(W2, 12_000, at(1)),
                trade(W3, "0xc1-no", Side.SELL, 30_000, 0.4, at(2))));
        assertEquals(List.of(), run(detector, markets, trade(W4, "0xc1-yes", Side.SELL, 30_000, 0.6, at(3))),
                "a SELL of YES is another side");
    }

    @Test
    void settlementSweepsDoNotCount() {
        assertEquals(List.of(), run(detector, markets, buyYes(W1, 12_000, at(0)), buyYes(W2, 12_000, at(1)),
                trade(W3, "0xc1-yes", Side.BUY, 20_000, 0.97, at(2))));
    }

    @Test
    void aGrowingClusterIsReportedAtEachConfidenceTierOnly() {
        List<Detection> found = run(detector, markets, buyYes(W1, 12_000, at(0)), buyYes(W2, 12_000, at(1)),
                buyYes(W3, 12_000, at(2)), buyYes(W3, 12_000, at(3)), buyYes(W4, 12_000, at(4)),
                buyYes(W5, 12_000, at(5)), buyYes(W6, 12_000, at(6)), buyYes(W7, 12_000, at(7)));
        assertEquals(List.of(3, 4, 5, 6), found.stream()
                .map(d -> ((SignalType.WhaleCluster) d.type()).walletCount()).toList());
        assertEquals(List.of(0.70, 0.80, 0.90, 0.95), found.stream().map(Detection::confidence).toList());
        assertEquals(4, found.stream().map(Detection::id).distinct().count());
    }

    @Test
    void aClusterThatFallsApartAndFormsAgainIsANewCluster() {
        List<Detection> first = run(detector, markets, buyYes(W1, 12_000, at(0)), buyYes(W2, 12_000, at(1)),
                buyYes(W3, 12_000, at(2)));
        List<Detection> again = run(detector, markets, buyYes(W1, 12_000, at(200)), buyYes(W2, 12_000, at(201)),
                buyYes(W3, 12_000, at(202)));
        assertEquals(1, first.size());
        assertEquals(1, again.size());
        assertNotEquals(first.get(0).id(), again.get(0).id());
    }

    @Test
    void theSameTradesGiveTheSameClusterId() {
        List<Detection> a = run(detector, markets, buyYes(W1, 12_000, at(0)), buyYes(W2, 12_000, at(1)),
                buyYes(W3, 12_000, at(2)));
        List<Detection> b = run(new WhaleClusterDetector(DetectionConfig.defaults()), markets, buyYes(W1, 12_000, at(0)),
                buyYes(W2, 12_000, at(1)), buyYes(W3, 12_000, at(2)));
        assertEquals(a.get(0).id(), b.get(0).id());
    }

    @Test
    void theMinimumNumberOfWalletsIsConfigurable() {
        WhaleClusterDetector pairs = new WhaleClusterDetector(DetectionConfig.defaults().toBuilder()
                .clusterMinWallets(2).build());
        assertEquals(1, run(pairs, markets, buyYes(W1, 12_000, at(0)), buyYes(W2, 12_000, at(1))).size());
    }

    @ParameterizedTest(name = "sweep at +{0} min -> {1}")
    @CsvSource({"60, 1", "180, 0"})
    void sweepingForgetsWindowsIdleForTwoWindows(long sweepMinutes, int signals) {
        run(detector, markets, buyYes(W1, 12_000, at(0)), buyYes(W2, 12_000, at(1)));
        detector.sweep(at(sweepMinutes));
        // a late third whale inside the old window completes the cluster only if the window was kept
        assertEquals(signals, run(detector, markets, buyYes(W3, 12_000, at(30))).size());
    }

    @Test
    void onlyKnownTakerFillsCount() {
        List<Detection> found = run(detector, markets, buyYes(W1, 12_000, at(0)), buyYes(W2, 20_000, at(10)),
                buyYes(W3, 30_000, at(40)).withKnownTaker(false));
        assertEquals(List.of(), found, "the third wallet's fill may be a maker's: two takers are no cluster");
        assertEquals(1, run(detector, markets, buyYes(W3, 30_000, at(41))).size());
    }

    @Test
    void aSellOfYesCheapIsASweepOfNoAndDoesNotCount() {
        List<Detection> found = run(detector, markets, trade(W1, "0xc1-yes", Side.SELL, 400_000, 0.03, at(0)),
                trade(W2, "0xc1-yes", Side.SELL, 400_000, 0.03, at(1)),
                trade(W3, "0xc1-yes", Side.SELL, 400_000, 0.03, at(2)));
        assertEquals(List.of(), found, "selling YES at 0.03 is buying NO at 0.97");
        assertEquals(1, run(detector, markets, trade(W4, "0xc1-yes", Side.SELL, 40_000, 0.40, at(3)),
                trade(W5, "0xc1-yes", Side.SELL, 40_000, 0.40, at(4)),
                trade(W6, "0xc1-yes", Side.SELL, 40_000, 0.40, at(5))).size());
    }

    @Test
    void oldTradesCountTowardTheWindowButOnlyAFreshTradeReportsTheCluster() {
        Instant now = at(45);
        // a feed catching up: three whales' trades, all older than 30 minutes when first seen
        List<Detection> backlog = Fixtures.runAt(detector, markets, now, buyYes(W1, 12_000, at(0)),
                buyYes(W2, 20_000, at(5)), buyYes(W3, 30_000, at(10)));
        assertEquals(List.of(), backlog, "a cluster completed by old trades is not reported by them");
        List<Detection> fresh = Fixtures.runAt(detector, markets, now, buyYes(W4, 15_000, at(44)));
        assertEquals(1, fresh.size(), "the next fresh whale of the window reports it");
        assertEquals(4, ((SignalType.WhaleCluster) fresh.get(0).type()).walletCount(),
                "the old trades counted toward it");
    }
}
