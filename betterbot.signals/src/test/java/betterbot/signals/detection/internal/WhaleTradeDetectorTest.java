package betterbot.signals.detection.internal;

import static betterbot.signals.detection.internal.Fixtures.T0;
import static betterbot.signals.detection.internal.Fixtures.W1;
import static betterbot.signals.detection.internal.Fixtures.W2;
import static betterbot.signals.detection.internal.Fixtures.cache;
import static betterbot.signals.detection.internal.Fixtures.market;
import static betterbot.signals.detection.internal.Fixtures.run;
import static betterbot.signals.detection.internal.Fixtures.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.RecommendedAction;
import betterbot.signals.Side;
import betterbot.signals.SignalType;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.market.Trade;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WhaleTradeDetectorTest {
    final WhaleTradeDetector detector = new WhaleTradeDetector(DetectionConfig.defaults());
    final MarketCache markets = cache(market("0xc1").build());

    @ParameterizedTest(name = "{0} shares at {1} -> {2}")
    @CsvSource({
        // shares, price, signals, confidence
        "20000,    0.5,    1, 0.65",   // exactly $10,000: at the threshold
        "19999.98, 0.5,    0, 0",      // $9,999.99: just below
        "50000,    0.5,    1, 0.75",   // $25,000
        "49999.98, 0.5,    1, 0.65",   // $24,999.99
        "100000,   0.5,    1, 0.85",   // $50,000
        "200000,   0.5,    1, 0.95",   // $100,000
        "199999.98,0.5,    1, 0.85",   // $99,999.99
        "200000,   0.9499, 1, 0.95",   // below the follow ceiling
        "200000,   0.95,   0, 0",      // a settlement sweep at 0.95: not worth following
        "200000,   0.99,   0, 0",
    })
    void thresholdsAndTiers(double shares, double price, int signals, double confidence) {
        List<Detection> found = run(detector, markets, trade(W1, "0xc1-yes", Side.BUY, shares, price, T0));
        assertEquals(signals, found.size());
        if (signals == 1) {
            assertEquals(confidence, found.get(0).confidence());
        }
    }

    @Test
    void aWhaleTradeCarriesTheTradeAndItsMarket() {
        Trade t = trade(W1, "0xc1-yes", Side.BUY, 80_000, 0.6, T0);
        Detection d = run(detector, markets, t).get(0);
        assertEquals(new SignalType.WhaleTrade(W1, 48_000, 80_000, 0.6), d.type());
        assertEquals("whale_trade:" + SignalIds.hash(t.fillKey()), d.id());
        assertEquals("rain", d.marketSlug());
        assertEquals("Yes", d.details().outcome());
        assertEquals(Side.BUY, d.details().side());
        assertEquals(RecommendedAction.FOLLOW_BUY, d.details().recommendedAction());
        assertEquals(250_000.0, d.details().liquidity(), "enriched from the market cache");
        assertEquals(T0, d.details().eventTime());
        assertEquals(W1, d.details().wallet());
    }

    @Test
    void theIdIsAStableHashOfTheFillKey() {
        Trade t = trade(W1, "0xc1-yes", Side.BUY, 80_000, 0.6, T0);
        String id = run(detector, markets, t).get(0).id();
        // pinned: a change of the id scheme would duplicate every stored whale trade
        assertEquals("whale_trade:" + SignalIds.hash(
                "0xtx-1111-1795521600-0xc1-yes|0xc1-yes|" + W1 + "|BUY|80000.0|0.6|1795521600"), id);
        assertTrue(id.matches("whale_trade:[0-9a-f]{32}"), id);
        assertEquals(id, run(new WhaleTradeDetector(DetectionConfig.defaults()), markets, t).get(0).id(),
                "another detector, the same id");
    }

    @Test
    void aYesAndANoFillAtTheSamePriceAreTwoEvents() {
        // the reference keyed trades without the outcome token and lost one of these
        List<Detection> found = run(detector, markets,
                trade(W1, "0xc1-yes", Side.BUY, 40_000, 0.5, T0), trade(W1, "0xc1-no", Side.BUY, 40_000, 0.5, T0));
        assertEquals(2, found.size());
        assertNotEquals(found.get(0).id(), found.get(1).id());
    }

    @Test
    void aSellOfNoIsNotABuyOfYes() {
        Detection d = run(detector, markets, trade(W1, "0xc1-no", Side.SELL, 40_000, 0.5, T0)).get(0);
        assertEquals(Side.SELL, d.details().side());
        assertEquals("No", d.details().outcome());
        assertEquals(1, d.details().outcomeIndex());
        assertEquals(RecommendedAction.FOLLOW_SELL, d.details().recommendedAction());
    }

    @ParameterizedTest(name = "second trade after {0} s -> {1} signals")
    @CsvSource({"0, 1", "60, 1", "1799, 1", "1800, 2", "7200, 2"})
    void oneSignalPerWalletMarketAndOutcomeWithinTheCooldown(long secondsLater, int signals) {
        List<Detection> found = run(detector, markets, trade(W1, "0xc1-yes", Side.BUY, 40_000, 0.5, T0),
                trade(W1, "0xc1-yes", Side.BUY, 30_000, 0.5, T0.plusSeconds(secondsLater)));
        assertEquals(signals, found.size());
    }

    @Test
    void theCooldownIsPerWalletAndOutcome() {
        List<Detection> found = run(detector, markets, trade(W1, "0xc1-yes", Side.BUY, 40_000, 0.5, T0),
                trade(W2, "0xc1-yes", Side.BUY, 40_000, 0.5, T0.plusSeconds(5)),
                trade(W1, "0xc1-no", Side.BUY, 40_000, 0.5, T0.plusSeconds(10)));
        assertEquals(3, found.size());
    }

    @Test
    void aLateTradeInsideTheCooldownIsSuppressedToo() {
        List<Detection> found = run(detector, markets, trade(W1, "0xc1-yes", Side.BUY, 40_000, 0.5, T0),
                trade(W1, "0xc1-yes", Side.BUY, 40_000, 0.5, T0.minusSeconds(600)));
        assertEquals(1, found.size());
    }

    @Test
    void thresholdsComeFromTheConfiguration() {
        WhaleTradeDetector strict = new WhaleTradeDetector(DetectionConfig.defaults().toBuilder().whaleMinUsd(50_000)
                .followMaxPrice(0.9).cooldown(Duration.ZERO).build());
        assertEquals(0, run(strict, markets, trade(W1, "0xc1-yes", Side.BUY, 80_000, 0.6, T0)).size());
        assertEquals(0, run(strict, markets, trade(W1, "0xc1-yes", Side.BUY, 80_000, 0.91, T0)).size());
        assertEquals(2, run(strict, markets, trade(W1, "0xc1-yes", Side.BUY, 100_000, 0.6, T0),
                trade(W1, "0xc1-yes", Side.BUY, 100_000, 0.6, T0.plusSeconds(1))).size());
    }

    @ParameterizedTest(name = "{0} of YES at {1} -> {2}")
    @CsvSource({
        // side, price, signals: the near-certainty filter applies to the side being followed
        "BUY,  0.94, 1",
        "BUY,  0.95, 0",    // buying YES at 0.95: a sweep
        "SELL, 0.06, 1",    // selling YES at 0.06 follows as buying NO at 0.94
        "SELL, 0.05, 0",    // ... at 0.05 it is buying NO at 0.95: a sweep
        "SELL, 0.03, 0",
        "SELL, 0.97, 1",    // selling YES at 0.97 is buying NO at 0.03: not a sweep
    })
    void theFollowCeilingAppliesToTheFollowedSide(Side side, double price, int signals) {
        Trade t = trade(W1, "0xc1-yes", side, 500_000, price, T0);
        assertEquals(signals, run(detector, markets, t).size());
    }

    @Test
    void aTradeOlderThanTheFollowAgeWhenFirstSeenIsNotFollowed() {
        Trade t = trade(W1, "0xc1-yes", Side.BUY, 80_000, 0.6, T0);
        assertEquals(List.of(), Fixtures.runAt(detector, markets, T0.plus(Duration.ofMinutes(31)), t),
                "a backlog: a new install's first page, a feed catching up");
        assertEquals(1, Fixtures.runAt(detector, markets, T0.plus(Duration.ofMinutes(30)), t).size(),
                "30 minutes old is still fresh");
        WhaleTradeDetector patient = new WhaleTradeDetector(DetectionConfig.defaults().toBuilder()
                .followMaxAge(Duration.ofHours(2)).build());
        assertEquals(1, Fixtures.runAt(patient, markets, T0.plus(Duration.ofMinutes(90)), t).size());
    }

    @Test
    void onlyKnownTakerFillsAreWhaleTrades() {
        Trade maker = trade(W1, "0xc1-yes", Side.BUY, 80_000, 0.6, T0).withKnownTaker(false);
        assertEquals(List.of(), run(detector, markets, maker), "a wallet feed's fill may be a maker's");
        assertEquals(1, run(detector, markets, maker.withKnownTaker(true)).size());
    }

    @Test
    void theOutcomeIndexComesFromTheMarketsTokenListNever999() {
        Trade t = trade(W1, "0xc1-no", Side.BUY, 80_000, 0.6, T0);
        Trade sentinel = new Trade(t.transactionHash(), t.assetId(), t.conditionId(), t.wallet(), t.side(), t.size(),
                t.price(), t.timestamp(), null, null, t.slug(), t.eventSlug(), t.title(), t.source(), true);
        Detection d = run(detector, markets, sentinel).get(0);
        assertEquals(1, d.details().outcomeIndex(), "the NO token is the market's second");
        assertEquals("No", d.details().outcome());
        Detection unknown = run(new WhaleTradeDetector(DetectionConfig.defaults()), new MarketCache(), sentinel).get(0);
        assertEquals(null, unknown.details().outcomeIndex(), "unknown, never a placeholder");
    }
}
