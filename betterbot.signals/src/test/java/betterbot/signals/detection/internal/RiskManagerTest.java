package betterbot.signals.detection.internal;

import static betterbot.signals.detection.internal.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import betterbot.signals.Details;
import betterbot.signals.ProbabilitySource;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.grading.CalibratedWinProbabilities;
import betterbot.signals.grading.CalibrationConfig;
import betterbot.signals.grading.GradedOutcome;
import betterbot.signals.grading.WinProbabilities;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RiskManagerTest {
    final RiskManager risk = new RiskManager(RiskConfig.defaults());

    @ParameterizedTest(name = "p {0}, q {1}, liquidity {2} -> ${3}")
    @CsvSource({
        // p, q, liquidity, USD on a $10,000 bankroll
        "0.90, 0.65, 100000,  1000",    // f* 0.714, quarter 0.179, capped at 10 %: docs/domain.md's example
        "0.90, 0.65, 2500000, 1000",
        "0.75, 0.60, 100000,  937.5",   // f* 0.375, quarter 0.09375: under the cap
        "0.70, 0.60, 100000,  625",
        "0.90, 0.65, 50000,   500",     // half the full-size liquidity, half the position
        "0.90, 0.65, 1000,    10",      // liquidity exactly at the minimum
        "0.90, 0.65, 999.99,  0",       // just below
        "0.60, 0.60, 100000,  0",       // no edge
        "0.55, 0.60, 100000,  0",       // negative edge
    })
    void fractionalKelly(double p, double q, double liquidity, double usd) {
        assertEquals(usd, risk.kelly(p, q, liquidity), 1e-9);
    }

    @Test
    void anUnknownLiquidityGetsNoPosition() {
        assertEquals(0.0, risk.kelly(0.9, 0.65, null));
    }

    @Test
    void theConfigurationScalesEveryPosition() {
        RiskManager bold = new RiskManager(new RiskConfig(50_000, 0.5, 0.5, 0, 10_000));
        // 50,000 × (0.714 × 0.5, under the 0.5 cap) × 0.5 (half the full-size liquidity)
        assertEquals(8_928.57, bold.kelly(0.90, 0.65, 5_000.0), 1e-9);
        RiskManager capped = new RiskManager(new RiskConfig(50_000, 0.5, 0.2, 0, 10_000));
        assertEquals(10_000, capped.kelly(0.90, 0.65, 10_000.0), 1e-9);
    }

    static Detection follow(SignalType type, double confidence, Side side, double price, Double liquidity) {
        return new Detection("x", type, "m", confidence, Details.builder().side(side).currentPrice(price)
                .liquidity(liquidity).build(), Source.POLYMARKET);
    }

    @Test
    void aFollowBuyIsSizedAtTheTradePriceNotFromItsOwnProbability() {
        // the reference derived the odds from the probability it sized, so every Kelly fraction was zero
        Signal s = risk.assess(follow(new SignalType.WhaleTrade("0xw", 48_000, 80_000, 0.6), 0.75, Side.BUY, 0.6,
                250_000.0), T0);
        assertEquals(937.5, s.details().recommendedSizeUsd());
        assertEquals(RiskLevel.MEDIUM, s.riskLevel());
        assertEquals(T0, s.detectedAt());
    }

    @Test
    void aFollowSellBuysTheOtherSideAtOneMinusThePrice() {
        Signal s = risk.assess(follow(new SignalType.WhaleTrade("0xw", 60_000, 200_000, 0.3), 0.85, Side.SELL, 0.3,
                250_000.0), T0);
        assertEquals(1000.0, s.details().recommendedSizeUsd()); // q = 0.70: f* 0.5, quarter 0.125, capped
        assertEquals(RiskLevel.LOW, s.riskLevel());
        Signal expensive = risk.assess(follow(new SignalType.WhaleTrade("0xw", 12_000, 100_000, 0.12), 0.65,
                Side.SELL, 0.12, 250_000.0), T0);
        assertEquals(0.0, expensive.details().recommendedSizeUsd(), "q = 0.88 > p = 0.65: no edge, no size");
    }

    @Test
    void clustersAndTrackedWalletsAreSizedLikeFollowSignals() {
        Signal cluster = risk.assess(follow(new SignalType.WhaleCluster(3, List.of("a", "b", "c"), 45_000, Side.BUY,
                "No", 60), 0.70, Side.BUY, 0.4, 250_000.0), T0);
        assertEquals(1000.0, cluster.details().recommendedSizeUsd());
        Signal tracked = risk.assess(follow(new SignalType.TrackedWalletEntry("0xw", "x", 1_100, 2_000, 0.55),
                0.890828, Side.BUY, 0.55, 250_000.0), T0);
        assertEquals(1000.0, tracked.details().recommendedSizeUsd());
    }

    /** {@code n} settled whale trades of the 0.75 tier bought at 0.60, {@code hits} of them won. */
    static WinProbabilities history(int n, int hits) {
        List<GradedOutcome> settled = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean hit = i < hits;
            settled.add(new GradedOutcome(SignalType.WHALE_TRADE, 0.75, 0.6, hit ? 1 / 0.6 - 1 : -1, hit, null));
        }
        return CalibratedWinProbabilities.from(settled, CalibrationConfig.defaults());
    }

    static Signal whaleAt60(RiskManager manager) {
        return manager.assess(follow(new SignalType.WhaleTrade("0xw", 48_000, 80_000, 0.6), 0.75, Side.BUY, 0.6,
                250_000.0), T0);
    }

    @Test
    void withoutHistoryTheDetailsSayTheProbabilityIsThePrior() {
        Details d = whaleAt60(risk).details();
        assertEquals(937.5, d.recommendedSizeUsd());
        assertEquals(0.75, d.winProbability());
        assertEquals(ProbabilitySource.PRIOR, d.probabilitySource());
        assertEquals(0, d.probabilitySampleSize());
    }

    @Test
    void aTierWithARealEdgeIsSizedFromItsCalibratedProbability() {
        // 30 of 40 won: p = (30 + 20 × 0.60) / 60 = 0.70, f* = 0.25, quarter Kelly 0.0625 of $10,000
        Details d = whaleAt60(new RiskManager(RiskConfig.defaults(), history(40, 30))).details();
        assertEquals(625.0, d.recommendedSizeUsd(), 1e-9);
        assertEquals(0.70, d.winProbability(), 1e-12);
        assertEquals(ProbabilitySource.CALIBRATED, d.probabilitySource());
        assertEquals(40, d.probabilitySampleSize());
    }

    @Test
    void aTierWithoutAnEdgeGetsNoPosition() {
        // 24 of 40 at 0.60: the market was right; the prior 0.75 would have staked $937.50
        Details d = whaleAt60(new RiskManager(RiskConfig.defaults(), history(40, 24))).details();
        assertEquals(0.0, d.recommendedSizeUsd());
        assertEquals(ProbabilitySource.CALIBRATED, d.probabilitySource());
        assertEquals(40, d.probabilitySampleSize());
    }

    @Test
    void aTierWithTooFewGradesKeepsThePrior() {
        Details d = whaleAt60(new RiskManager(RiskConfig.defaults(), history(29, 29))).details();
        assertEquals(937.5, d.recommendedSizeUsd());
        assertEquals(ProbabilitySource.PRIOR, d.probabilitySource());
        assertEquals(29, d.probabilitySampleSize());
    }

    @Test
    void anExpiryEdgeIsSizedOnlyOnceCalibrated() {
        Detection expiry = new Detection("x", new SignalType.ExpiryEdge(1.5, "Yes", 0.80), "m", 0.80,
                Details.builder().side(Side.BUY).currentPrice(0.80).liquidity(100_000.0).build(), Source.POLYMARKET);
        Details prior = risk.assess(expiry, T0).details();
        assertNull(prior.recommendedSizeUsd(), "its prior is the favourite's own price: no edge");
        assertEquals(ProbabilitySource.PRIOR, prior.probabilitySource());
        // 38 of 40 favourites at 0.80 won: p = (38 + 20 × 0.80) / 60 = 0.90, f* = 0.5, quarter 0.125, capped
        List<GradedOutcome> settled = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean hit = i < 38;
            settled.add(new GradedOutcome(SignalType.EXPIRY_EDGE, 0.80, 0.8, hit ? 0.25 : -1, hit, null));
        }
        RiskManager calibrated = new RiskManager(RiskConfig.defaults(),
                CalibratedWinProbabilities.from(settled, CalibrationConfig.defaults()));
        Details d = calibrated.assess(expiry, T0).details();
        assertEquals(1000.0, d.recommendedSizeUsd(), 1e-9);
        assertEquals(0.90, d.winProbability(), 1e-12);
    }

    @Test
    void aPriceDeviationIsNotSizedFromAProbability() {
        SignalType.PriceDeviation type = new SignalType.PriceDeviation(3, 0.94, null, 0.06, 0.06, 500);
        Details d = new RiskManager(RiskConfig.defaults(), history(40, 24)).assess(new Detection("x", type, "e",
                0.86, Details.builder().build(), Source.POLYMARKET), T0).details();
        assertEquals(470.0, d.recommendedSizeUsd(), 1e-9);
        assertNull(d.probabilitySource());
    }

    @ParameterizedTest(name = "fillable {0}, edge {1}, {2} legs, asks? {3} -> ${4}")
    @CsvSource({
        "500,  0.06, 3, true,  470",     // 500 sets at 0.94 each
        "5000, 0.06, 3, true,  1000",    // capped at 10 % of the bankroll
        "100,  0.07, 3, false, 193",     // sell all: buy every NO at 1 − bid, 100 × (3 − 1 − 0.07)
        "60,   0.05, 2, true,  57",
    })
    void aPriceDeviationIsSizedAtTheCostOfItsFillableSize(double fillable, double edge, int legs, boolean buying,
                                                          double usd) {
        SignalType.PriceDeviation type = new SignalType.PriceDeviation(legs, buying ? 1 - edge : null,
                buying ? null : 1 + edge, edge, edge, fillable);
        Signal s = risk.assess(new Detection("x", type, "e", 0.8 + edge, Details.builder().build(),
                Source.POLYMARKET), T0);
        assertEquals(usd, s.details().recommendedSizeUsd(), 1e-9);
    }

    @Test
    void typesWithoutAPriceEdgeGetNoSizeAtAll() {
        Details d = Details.builder().side(Side.BUY).currentPrice(0.88).liquidity(1e6).build();
        for (SignalType type : List.of(new SignalType.ExpiryEdge(1.5, "Yes", 0.88),
                new SignalType.VolumeSpike(120_000, 30_000, 4), new SignalType.WideSpread("Yes", 0.3, 0.55, 0.25))) {
            assertNull(risk.assess(new Detection("x", type, "m", 0.88, d, Source.POLYMARKET), T0).details()
                    .recommendedSizeUsd(), type.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "whale 50000          | LOW",
        "whale 49999.99       | MEDIUM",
        "cluster 5            | LOW",
        "cluster 4            | MEDIUM",
        "tracked 0.80         | LOW",
        "tracked 0.79         | MEDIUM",
        "tracked 0.65         | MEDIUM",
        "tracked 0.64         | HIGH",
        "tracked 0.50         | HIGH",
        "tracked 0.49         | VERY_HIGH",
        "deviation 0.0501     | LOW",
        "deviation 0.05       | MEDIUM",
        "expiry 1.99 0.85     | LOW",
        "expiry 2 0.85        | MEDIUM",
        "expiry 2.99 0.80     | MEDIUM",
        "expiry 1.5 0.79      | HIGH",
        "expiry 3 0.95        | HIGH",
        "spike                | MEDIUM",
        "spread               | MEDIUM",
    })
    void riskLevelsFollowTheTable(String spec, RiskLevel expected) {
        String[] f = spec.split(" ");
        double a = f.length > 1 ? Double.parseDouble(f[1]) : 0;
        double b = f.length > 2 ? Double.parseDouble(f[2]) : 0;
        SignalType type = switch (f[0]) {
            case "whale" -> new SignalType.WhaleTrade("0xw", a, a, 0.5);
            case "cluster" -> new SignalType.WhaleCluster((int) a, List.of(), 1, Side.BUY, "Yes", 60);
            case "tracked" -> new SignalType.TrackedWalletEntry("0xw", null, 1, 1, 0.5);
            case "deviation" -> new SignalType.PriceDeviation(3, 1 - a, null, a, a, 10);
            case "expiry" -> new SignalType.ExpiryEdge(a, "Yes", b);
            case "spike" -> new SignalType.VolumeSpike(1, 1, 3);
            default -> new SignalType.WideSpread("Yes", 0.3, 0.5, 0.2);
        };
        double confidence = f[0].equals("tracked") ? a : 0.7;
        assertEquals(expected, RiskManager.riskLevel(new Detection("x", type, "m", confidence,
                Details.builder().build(), Source.POLYMARKET)));
    }
}
