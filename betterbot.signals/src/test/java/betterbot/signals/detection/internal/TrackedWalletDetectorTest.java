package betterbot.signals.detection.internal;

import static betterbot.signals.detection.internal.Fixtures.T0;
import static betterbot.signals.detection.internal.Fixtures.cache;
import static betterbot.signals.detection.internal.Fixtures.market;
import static betterbot.signals.detection.internal.Fixtures.run;
import static betterbot.signals.detection.internal.Fixtures.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import betterbot.signals.Side;
import betterbot.signals.SignalType;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.detection.TrackedWallets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackedWalletDetectorTest {
    static final String INSIDER = "0xAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAa";
    static final String PLAIN = "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    final TrackedWalletDetector detector = new TrackedWalletDetector(DetectionConfig.defaults().toBuilder()
            .trackedWallets(TrackedWallets.parse(INSIDER + ":insider_ceo, " + PLAIN.toUpperCase().replace("0X", "0x")))
            .build());
    final MarketCache markets = cache(market("0xc1").build());

    @ParameterizedTest(name = "${0} by {1} -> {2}")
    @CsvSource({
        // value USD, label, confidence (docs/domain.md, tracked_wallet_entry: tier × label, decade bonus, capped)
        "0.05,  insider_x,    0.35",
        "0.05,  whale,        0.32",
        "0.50,  world_class,  0.5375",
        "5,     whale,        0.61",
        "50,    insider_x,    0.75",
        "50,    whale,        0.71",
        "200,   whale,        0.792021",  // 0.65 + 0.17 × 0.8 + (log10 200 − 2) × 0.02
        "200,   insider_x,    0.82",      // capped at the tier's ceiling
        "750,   whale,        0.837501",
        "2500,  world_class,  0.9",       // 0.75 + 0.15 × 0.95 + 0.028 = 0.9205, capped at 0.90
        "2500,  whale,        0.897959",
        "7500,  whale,        0.92",      // 0.896 + 0.0375, capped
        "10000, whale,        0.95",      // 0.93 + 0.04, capped
        "100,   whale,        0.786",     // the next tier; the decade bonus starts above $100
        "99.99, insider_x,    0.75",
    })
    void confidenceFollowsTheTierTable(double value, String label, double expected) {
        assertEquals(expected, TrackedWalletDetector.confidence(value, label), 1e-6);
    }

    @Test
    void aTradeOfATrackedWalletMatchesWhateverTheAddressCase() {
        List<Detection> found = run(detector, markets,
                trade(INSIDER.toUpperCase().replace("0X", "0x"), "0xc1-yes", Side.BUY, 100, 0.5, T0));
        assertEquals(1, found.size());
        Detection d = found.get(0);
        String wallet = INSIDER.toLowerCase();
        assertEquals(new SignalType.TrackedWalletEntry(wallet, "insider_ceo", 50, 100, 0.5), d.type());
        assertEquals("insider_ceo", d.details().walletLabel());
        assertEquals(wallet, d.details().wallet());
        assertEquals(0.75, d.confidence());
    }

    @Test
    void aWalletWithoutLabelHasNoLabelNotAnEmptyOne() {
        Detection d = run(detector, markets, trade(PLAIN, "0xc1-yes", Side.BUY, 100, 0.5, T0)).get(0);
        assertNull(d.details().walletLabel());
        assertNull(((SignalType.TrackedWalletEntry) d.type()).walletLabel());
        assertEquals(0.71, d.confidence());
    }

    @ParameterizedTest(name = "{0} shares at {1} -> {2}")
    @CsvSource({"2, 0.5, 1", "1.98, 0.5, 0", "100, 0.9499, 1", "100, 0.95, 0"})
    void anyTradeOfAtLeastOneDollarBelowTheFollowCeiling(double shares, double price, int signals) {
        assertEquals(signals, run(detector, markets, trade(INSIDER, "0xc1-yes", Side.BUY, shares, price, T0)).size());
    }

    @Test
    void untrackedWalletsAreIgnored() {
        assertEquals(List.of(), run(detector, markets,
                trade("0xcccccccccccccccccccccccccccccccccccccccc", "0xc1-yes", Side.BUY, 1e6, 0.5, T0)));
    }

    @Test
    void oneSignalPerWalletMarketAndOutcomeWithinTheCooldown() {
        List<Detection> found = run(detector, markets, trade(INSIDER, "0xc1-yes", Side.BUY, 100, 0.5, T0),
                trade(INSIDER, "0xc1-yes", Side.BUY, 500, 0.5, T0.plusSeconds(600)),
                trade(INSIDER, "0xc1-no", Side.SELL, 500, 0.5, T0.plusSeconds(700)),
                trade(INSIDER, "0xc1-yes", Side.BUY, 100, 0.5, T0.plusSeconds(1800)));
        assertEquals(3, found.size());
        assertEquals(List.of(Side.BUY, Side.SELL, Side.BUY), found.stream().map(d -> d.details().side()).toList());
    }

    @Test
    void aTrackedWalletsMakerFillsAreItsEntriesToo() {
        var maker = trade(PLAIN, "0xc1-yes", Side.BUY, 1_000, 0.5, T0).withKnownTaker(false);
        assertEquals(1, run(detector, markets, maker).size());
    }

    @Test
    void aTrackedWalletsSweepOrBacklogIsNotFollowed() {
        assertEquals(List.of(), run(detector, markets, trade(PLAIN, "0xc1-yes", Side.SELL, 1_000, 0.03, T0)),
                "selling YES at 0.03 follows as buying NO at 0.97");
        assertEquals(1, run(detector, markets, trade(PLAIN, "0xc1-yes", Side.SELL, 1_000, 0.30, T0)).size());
        var old = trade(PLAIN, "0xc1-no", Side.BUY, 1_000, 0.5, T0);
        assertEquals(List.of(), Fixtures.runAt(detector, markets, T0.plusSeconds(3_600), old),
                "a wallet just added to the watch list brings its history: not followed");
    }
}
