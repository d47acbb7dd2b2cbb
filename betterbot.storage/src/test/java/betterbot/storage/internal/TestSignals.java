package betterbot.storage.internal;

import betterbot.signals.Details;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import java.time.Instant;

/** Signals for store tests: distinct ids, spread over types, sources and markets. */
final class TestSignals {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    private TestSignals() {
    }

    static Signal whale(int i) {
        return whale(i, "market-" + (i % 5), Source.POLYMARKET, 0.65 + (i % 4) * 0.1);
    }

    static Signal whale(int i, String market, Source source, double confidence) {
        return new Signal("whale_trade:" + i, new SignalType.WhaleTrade("0xw" + i, 10_000 + i, 20_000, 0.5), market,
                Math.min(confidence, 1.0), RiskLevel.MEDIUM,
                Details.builder().conditionId("0xc" + (i % 5)).side(Side.BUY).outcome("Yes").build(),
                T0.plusSeconds(i), source);
    }

    static Signal spread(int i, String market) {
        return new Signal("wide_spread:" + i, new SignalType.WideSpread("Yes", 0.3, 0.5, 0.2), market, 0.6,
                RiskLevel.MEDIUM, Details.builder().build(), T0.plusSeconds(i), Source.POLYMARKET);
    }
}
