package betterbot.signals.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.ProbabilitySource;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.grading.Grading;
import betterbot.signals.grading.GradingConfig;
import betterbot.signals.grading.InMemoryGradeBook;
import betterbot.signals.market.DataApiJson;
import betterbot.signals.market.GammaJson;
import betterbot.signals.market.Market;
import betterbot.signals.market.Trade;
import betterbot.signals.sources.MarketFeed;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grading loop's settlements switch the risk manager from the prior tiers to the measured record, live. */
class CalibratedSizingLoopTest {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    final InMemoryGradeBook book = new InMemoryGradeBook(GradingConfig.defaults().horizons());
    final Grading grading = Grading.start(book, GradingConfig.defaults(), CLOCK);
    final MarketFeed feed = grading.observing(Pipeline.create(DetectionConfig.defaults(), RiskConfig.defaults(),
            grading.winProbabilities(), CLOCK, new InMemoryDetectionState(signals -> signals.forEach(book::add))));

    static String market(String condition, String yes, String no, String prices, boolean resolved) {
        return """
                {"conditionId": "%s", "slug": "%s", "question": "Will %s?", "outcomes": "[\\"Yes\\", \\"No\\"]",
                 "clobTokenIds": "[\\"%s\\", \\"%s\\"]", "outcomePrices": "%s", "closed": %s, %s
                 "endDate": "2026-12-31T00:00:00Z", "liquidityNum": "250000", "volume24hr": "1000", "volume1wk": "7000"}
                """.formatted(condition, condition, condition, yes, no, prices, resolved,
                resolved ? "\"umaResolutionStatus\": \"resolved\"," : "");
    }

    static List<Market> markets(String... json) {
        return GammaJson.markets("[" + String.join(",", json) + "]").rows();
    }

    static Trade whaleBuy(int wallet, String condition, String asset, long second) {
        // 80,000 shares at 0.60: a $48,000 trade, the 0.75 tier
        return DataApiJson.trades("""
                [{"proxyWallet": "0xw%d", "side": "BUY", "asset": "%s", "conditionId": "%s", "size": "80000",
                  "price": "0.6", "timestamp": %d, "slug": "%s", "outcome": "Yes", "transactionHash": "0xt%d"}]
                """.formatted(wallet, asset, condition, T0.getEpochSecond() + second, condition, wallet)).rows().get(0);
    }

    /** 40 whale trades of the 0.75 tier on market 0xc1, which then resolves; a new trade on 0xc2 after. */
    Signal afterFortySettled(boolean yesWon) {
        String openPrices = "[\\\"0.6\\\", \\\"0.4\\\"]";
        String other = market("0xc2", "333", "444", openPrices, false);
        feed.onMarkets(markets(market("0xc1", "111", "222", openPrices, false), other), T0);
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            trades.add(whaleBuy(i, "0xc1", "111", i - 60));
        }
        List<Signal> whales = feed.onTrades(trades, T0).stream()
                .filter(s -> s.signalType().name().equals(SignalType.WHALE_TRADE)).toList();
        assertEquals(40, whales.size());
        assertEquals(ProbabilitySource.PRIOR, whales.get(39).details().probabilitySource());
        assertEquals(937.5, whales.get(0).details().recommendedSizeUsd(), "sized on the 0.75 prior");

        String settled = yesWon ? "[\\\"1\\\", \\\"0\\\"]" : "[\\\"0\\\", \\\"1\\\"]";
        feed.onMarkets(markets(market("0xc1", "111", "222", settled, true), other), T0.plusSeconds(60));
        assertTrue(grading.stats().gradesByHorizon().getOrDefault("settlement", 0L) >= 40);
        return feed.onTrades(List.of(whaleBuy(99, "0xc2", "333", 30)), T0.plusSeconds(90)).stream()
                .filter(s -> s.signalType().name().equals(SignalType.WHALE_TRADE)).findFirst().orElseThrow();
    }

    @Test
    void afterFortySettledWinsOfItsTierAWhaleTradeIsSizedFromTheCalibratedRecord() {
        Signal s = afterFortySettled(true);
        assertEquals(ProbabilitySource.CALIBRATED, s.details().probabilitySource());
        assertEquals(40, s.details().probabilitySampleSize());
        // p = (40 + 20 × 0.6) / (40 + 20) = 0.8667, above the prior's 0.75: a bigger stake than $937.50
        assertEquals(0.866666667, s.details().winProbability(), 1e-6);
        assertTrue(s.details().recommendedSizeUsd() > 937.5, String.valueOf(s.details().recommendedSizeUsd()));
    }

    @Test
    void afterFortySettledLossesOfItsTierAWhaleTradeGetsNoPosition() {
        Signal s = afterFortySettled(false);
        assertEquals(ProbabilitySource.CALIBRATED, s.details().probabilitySource());
        assertEquals(40, s.details().probabilitySampleSize());
        assertEquals(0.0, s.details().recommendedSizeUsd());
    }
}
