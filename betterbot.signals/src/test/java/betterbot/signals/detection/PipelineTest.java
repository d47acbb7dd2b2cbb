package betterbot.signals.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.ProbabilitySource;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.detection.internal.BookDetector;
import betterbot.signals.detection.internal.Detection;
import betterbot.signals.detection.internal.Detectors;
import betterbot.signals.detection.internal.MarketCache;
import betterbot.signals.detection.internal.MarketDetector;
import betterbot.signals.detection.internal.RiskManager;
import betterbot.signals.detection.internal.TradeDetector;
import betterbot.signals.grading.CalibratedWinProbabilities;
import betterbot.signals.grading.CalibrationConfig;
import betterbot.signals.grading.Entry;
import betterbot.signals.grading.GradedOutcome;
import betterbot.signals.grading.Holding;
import betterbot.signals.market.DataApiJson;
import betterbot.signals.market.GammaJson;
import betterbot.signals.market.Market;
import betterbot.signals.market.Trade;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class PipelineTest {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0.plusMillis(1234), ZoneOffset.UTC);
    static final DetectionConfig CONFIG = DetectionConfig.defaults();

    final List<List<Signal>> delivered = new ArrayList<>();

    Pipeline pipeline() {
        return Pipeline.create(CONFIG, RiskConfig.defaults(), CLOCK, delivered::add);
    }

    static List<Market> markets() {
        return GammaJson.markets("""
                [{"conditionId": "0xc1", "slug": "rain", "question": "Will it rain?", "outcomes": "[\\"Yes\\", \\"No\\"]",
                  "clobTokenIds": "[\\"111\\", \\"222\\"]", "outcomePrices": "[\\"0.88\\", \\"0.12\\"]",
                  "endDate": "2026-11-24T13:30:00Z", "liquidityNum": "250000", "volume24hr": "1000", "volume1wk": "7000"}]
                """).rows();
    }

    static Trade trade(String wallet, String asset, double shares, double price, long second) {
        return DataApiJson.trades("""
                [{"proxyWallet": "%s", "side": "BUY", "asset": "%s", "conditionId": "0xc1", "size": %s,
                  "price": %s, "timestamp": %d, "slug": "rain", "outcome": "Yes", "transactionHash": "0xt%d"}]
                """.formatted(wallet, asset, shares, price, T0.getEpochSecond() + second, second)).rows().get(0);
    }

    @Test
    void aThrowingDetectorIsCountedWhileItsOtherInputsAndTheOtherDetectorsGoOn() {
        TradeDetector flaky = new TradeDetector() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public void onTrade(Trade t, MarketCache m, Instant capturedAt, List<Detection> out) {
                if (t.wallet().equals("0xbad")) {
                    throw new IllegalStateException("cannot handle this wallet");
                }
            }
        };
        List<TradeDetector> detectors = new ArrayList<>(List.of(flaky));
        detectors.addAll(Detectors.forTrades(CONFIG));
        Pipeline p = new Pipeline(CLOCK, delivered::add, new RiskManager(RiskConfig.defaults()), detectors,
                List.<MarketDetector>of(), List.<BookDetector>of());
        List<Signal> out = p.onTrades(List.of(trade("0xbad", "111", 50_000, 0.5, 0), trade("0xgood", "111", 50_000, 0.5, 1),
                trade("0xbad", "222", 50_000, 0.5, 2)), T0);
        assertEquals(3, out.size(), "the whale detector still saw every trade");
        assertEquals(Map.of("flaky", 2L), p.stats().detectorFailures());
    }

    @Test
    void signalsAreSizedStampedByTheClockAndDelivered() {
        Pipeline p = pipeline();
        p.onMarkets(markets(), T0);
        assertEquals(List.of(SignalType.EXPIRY_EDGE), delivered.get(0).stream().map(s -> s.signalType().name()).toList());
        List<Signal> out = p.onTrades(List.of(trade("0xw1", "111", 80_000, 0.6, -5)), T0);
        Signal s = out.get(0);
        assertEquals(CLOCK.instant(), s.detectedAt());
        assertEquals(T0.minusSeconds(5), s.details().eventTime());
        assertEquals(250_000.0, s.details().liquidity(), "enriched from the markets seen before");
        assertEquals(937.5, s.details().recommendedSizeUsd());
        assertEquals(List.of(out), delivered.subList(1, 2));
    }

    @Test
    void aPipelineWithCalibratedProbabilitiesSizesFromTheMeasuredRecord() {
        // 24 of 40 settled whale trades of the 0.75 tier won, bought at 0.60: exactly as priced, no edge
        List<GradedOutcome> settled = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            settled.add(new GradedOutcome(SignalType.WHALE_TRADE, 0.75, 0.6, i < 24 ? 1 / 0.6 - 1 : -1, i < 24, null));
        }
        Pipeline p = Pipeline.create(CONFIG, RiskConfig.defaults(),
                CalibratedWinProbabilities.from(settled, CalibrationConfig.defaults()), CLOCK,
                new InMemoryDetectionState(delivered::add));
        p.onMarkets(markets(), T0);
        Signal s = p.onTrades(List.of(trade("0xw1", "111", 80_000, 0.6, -5)), T0).get(0);
        assertEquals(0.0, s.details().recommendedSizeUsd(), "the prior alone would stake $937.50");
        assertEquals(ProbabilitySource.CALIBRATED, s.details().probabilitySource());
        assertEquals(40, s.details().probabilitySampleSize());
        Entry entry = Entry.of(s).orElseThrow();
        assertEquals(List.of(new Holding("111", false, 0.6)), entry.holdings(), "graded on the token it bought");
    }

    @Test
    void fillsSeenInAnEarlierPollAreDroppedBeforeTheDetectors() {
        Pipeline p = pipeline();
        List<Trade> page = List.of(trade("0xw1", "111", 80_000, 0.6, 0), trade("0xw2", "111", 100, 0.6, 1));
        assertEquals(1, p.onTrades(page, T0).size());
        assertEquals(List.of(), p.onTrades(page, T0.plusSeconds(30)));
        assertEquals(2, p.stats().duplicateTrades());
        assertEquals(4, p.stats().trades());
    }

    @Test
    void aSituationDetectedAgainOnTheNextPollNeverReachesTheSinkTwice() {
        Pipeline p = pipeline();
        p.onMarkets(markets(), T0);
        p.onMarkets(markets(), T0.plusSeconds(60));
        assertEquals(1, delivered.size());
        assertEquals(1, p.stats().repeatsSuppressed());
        assertEquals(1L, p.stats().signalsByType().get(SignalType.EXPIRY_EDGE));
    }

    @Test
    void tradesRunOldestFirstWhateverThePageOrder() {
        Pipeline p = pipeline();
        List<Signal> out = p.onTrades(List.of(trade("0xw3", "111", 20_000, 0.6, 20), trade("0xw2", "111", 20_000, 0.6, 10),
                trade("0xw1", "111", 20_000, 0.6, 0)), T0);
        Signal cluster = out.stream().filter(s -> s.signalType() instanceof SignalType.WhaleCluster).findFirst()
                .orElseThrow();
        assertEquals(T0.plusSeconds(20), cluster.details().eventTime(), "the cluster formed with the newest trade");
    }

    @Test
    void aCallWhoseSignalsAreNotStoredLeavesNoTraceSoTheSameInputGivesThemAgain() {
        AtomicBoolean storeDown = new AtomicBoolean(true);
        Pipeline p = Pipeline.create(CONFIG, RiskConfig.defaults(), CLOCK, signals -> {
            if (storeDown.get()) {
                throw new IllegalStateException("database is locked");
            }
            delivered.add(signals);
        });
        List<Trade> page = List.of(trade("0xw1", "111", 80_000, 0.6, 0), trade("0xw2", "111", 20_000, 0.6, 10),
                trade("0xw3", "111", 20_000, 0.6, 20));
        assertThrows(SignalsNotStoredException.class, () -> p.onMarkets(markets(), T0));
        SignalsNotStoredException e = assertThrows(SignalsNotStoredException.class, () -> p.onTrades(page, T0));
        assertTrue(e.getMessage().contains("database is locked"), e.getMessage());
        assertEquals(2, p.stats().sinkFailures());
        assertEquals(0, p.stats().signals(), "nothing counts as delivered");
        assertEquals(0, p.stats().duplicateTrades(), "the fills were not marked as seen");

        storeDown.set(false);
        List<Signal> markets = p.onMarkets(markets(), T0);
        List<Signal> trades = p.onTrades(page, T0);
        List<Signal> expected = feed(Pipeline.create(CONFIG, RiskConfig.defaults(), CLOCK, s -> { }));
        List<Signal> again = new ArrayList<>(markets);
        again.addAll(trades);
        assertEquals(expected, again, "the same signals, ids and all: no cooldown or cluster was used up");
        assertEquals(0, p.onTrades(page, T0).size(), "stored now: the fills are seen");
        assertEquals(page.size(), p.stats().duplicateTrades());
    }

    @Test
    void cooldownsAndFormingClustersSurviveARestartThroughTheDetectionState() {
        InMemoryDetectionState state = new InMemoryDetectionState(delivered::add);
        Pipeline before = Pipeline.create(CONFIG, RiskConfig.defaults(), CLOCK, state);
        before.onMarkets(markets(), T0);
        List<Signal> first = before.onTrades(List.of(trade("0xw1", "111", 80_000, 0.6, 0),
                trade("0xw2", "111", 20_000, 0.6, 10)), T0.plusSeconds(10));
        assertEquals(List.of("whale_trade", "whale_trade"), types(first));
        assertTrue(state.size() > 0, "cooldowns and the forming cluster are kept");

        Pipeline after = Pipeline.create(CONFIG, RiskConfig.defaults(), CLOCK, state); // the restart
        after.onMarkets(markets(), T0);
        List<Signal> next = after.onTrades(List.of(trade("0xw1", "111", 90_000, 0.6, 600),
                trade("0xw3", "111", 20_000, 0.6, 620)), T0.plusSeconds(620));
        assertEquals(List.of("whale_trade", "whale_cluster"), types(next),
                "0xw1 is still cooling down; 0xw3 completes the cluster started before the restart");
        Signal cluster = next.get(1);
        assertEquals(3, ((SignalType.WhaleCluster) cluster.signalType()).walletCount());
        assertEquals("0xw3", ((SignalType.WhaleTrade) next.get(0).signalType()).wallet());
    }

    private static List<String> types(List<Signal> signals) {
        return signals.stream().map(s -> s.signalType().name()).toList();
    }

    @Test
    void theSameInputGivesTheSameSignals() {
        List<Signal> first = feed(pipeline());
        List<Signal> second = feed(Pipeline.create(CONFIG, RiskConfig.defaults(), CLOCK, s -> { }));
        assertEquals(first, second);
        assertTrue(first.size() >= 5, first.toString());
    }

    private static List<Signal> feed(Pipeline p) {
        List<Signal> all = new ArrayList<>(p.onMarkets(markets(), T0));
        all.addAll(p.onTrades(List.of(trade("0xw1", "111", 80_000, 0.6, 0), trade("0xw2", "111", 20_000, 0.6, 10),
                trade("0xw3", "111", 20_000, 0.6, 20)), T0));
        return all;
    }

    @Test
    void aFillSeenFirstFromAWalletFeedStillReachesTheWhaleDetectorsFromTheWhaleFeed() {
        String watched = "0x00000000000000000000000000000000000000aa";
        Pipeline p = Pipeline.create(CONFIG.toBuilder().trackedWallets(Map.of(watched, "smart_money")).build(),
                RiskConfig.defaults(), CLOCK, delivered::add);
        p.onMarkets(markets(), T0);
        Trade whale = trade(watched, "111", 50_000, 0.5, 0);
        List<Signal> fromWallets = p.onTrades(List.of(whale.withKnownTaker(false)), T0.plusSeconds(5));
        assertEquals(List.of("tracked_wallet_entry"), fromWallets.stream().map(s -> s.signalType().name()).toList(),
                "a wallet feed's row may be a maker's fill: no whale trade from it");
        List<Signal> fromWhales = p.onTrades(List.of(whale), T0.plusSeconds(10));
        assertEquals(List.of("whale_trade"), fromWhales.stream().map(s -> s.signalType().name()).toList(),
                "the whale feed's copy of the same fill is a known taker's; the tracked entry is not repeated");
        assertEquals(List.of(), p.onTrades(List.of(whale, whale.withKnownTaker(false)), T0.plusSeconds(15)));
        assertEquals(2, p.stats().duplicateTrades());
    }

    @Test
    void aBacklogIsRememberedButNotFollowed() {
        Pipeline p = pipeline();
        p.onMarkets(markets(), T0);
        Trade old = trade("0xwhale", "111", 50_000, 0.5, 0);
        assertEquals(List.of(), p.onTrades(List.of(old), T0.plus(CONFIG.followMaxAge()).plusSeconds(1)));
        assertEquals(List.of(), p.onTrades(List.of(old), T0.plusSeconds(1)), "remembered: never followed later");
        assertEquals(1, p.stats().duplicateTrades());
    }
}
