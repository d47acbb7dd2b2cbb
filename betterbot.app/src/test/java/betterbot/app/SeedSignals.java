package betterbot.app;

import betterbot.signals.Details;
import betterbot.signals.Leg;
import betterbot.signals.RecommendedAction;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a database with realistic signals of every type, through the real store, for {@code scripts/footprint}:
 * {@code SeedSignals <db file> <count>}. Details are as full as the detectors will write them, so that the
 * memory measured serving them is not flattered by tiny rows.
 */
public final class SeedSignals {
    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    private SeedSignals() {
    }

    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        try (SignalStore store = SignalStore.open(new StoreConfig(db, Math.max(count, 1)))) {
            List<Signal> batch = new ArrayList<>(500);
            for (int i = 0; i < count; i++) {
                batch.add(signal(i));
                if (batch.size() == 500) {
                    store.storeAll(batch);
                    batch.clear();
                }
            }
            store.storeAll(batch);
            System.out.println("seeded " + db + " with " + store.count() + " signals");
        }
    }

    static Signal signal(int i) {
        String market = "will-event-" + (i % 400) + "-happen-by-the-end-of-the-year";
        String wallet = String.format("0x%040x", 0xabcdefL * (i % 250 + 1));
        Instant detected = T0.plusSeconds(37L * i);
        Details.Builder details = Details.builder().conditionId(String.format("0x%064x", (long) i % 400))
                .marketTitle("Will event " + (i % 400) + " happen by the end of the year?")
                .outcome(i % 2 == 0 ? "Yes" : "No").outcomeIndex(i % 2)
                .assetId(Long.toString(7_123_456_789_012_345L + i % 800)).currentPrice(0.35 + (i % 60) / 100.0)
                .volume24h(50_000.0 + i % 1000 * 37).liquidity(12_000.0 + i % 500 * 11)
                .eventTime(detected.minusMillis(850));
        return switch (i % 7) {
            case 0 -> new Signal("whale_trade:" + i, new SignalType.WhaleTrade(wallet, 48_000, 80_000, 0.6), market,
                    0.75, RiskLevel.MEDIUM, details.side(Side.BUY).wallet(wallet)
                            .recommendedAction(RecommendedAction.FOLLOW_BUY).recommendedSizeUsd(250.0).build(),
                    detected, Source.POLYMARKET);
            case 1 -> new Signal("whale_cluster:" + i, new SignalType.WhaleCluster(3, List.of(wallet, wallet + "1",
                    wallet + "2"), 61_000, Side.BUY, "Yes", 60), market, 0.7, RiskLevel.MEDIUM,
                    details.side(Side.BUY).recommendedAction(RecommendedAction.FOLLOW_BUY).build(), detected,
                    Source.POLYMARKET);
            case 2 -> new Signal("tracked_wallet_entry:" + i, new SignalType.TrackedWalletEntry(wallet, "fund-" + i % 9,
                    5_400, 9_000, 0.6), market, 0.82, RiskLevel.LOW, details.side(Side.BUY).wallet(wallet)
                    .walletLabel("fund-" + i % 9).recommendedAction(RecommendedAction.FOLLOW_BUY).build(), detected,
                    Source.HASHDIVE);
            case 3 -> new Signal("price_deviation:" + i, new SignalType.PriceDeviation(3, 0.94, null, 0.06, 0.041,
                    1_250), "event-" + i % 400, 0.86, RiskLevel.LOW, details.recommendedAction(RecommendedAction.BUY_ALL)
                    .legs(List.of(new Leg(market + "-a", "Yes", "71", 0.31, 500), new Leg(market + "-b", "Yes", "72",
                            0.33, 420), new Leg(market + "-c", "Yes", "73", 0.30, 610))).takerFeeRate(0.0)
                    .feeRateAssumed(false).recommendedSizeUsd(400.0).build(), detected, Source.POLYMARKET);
            case 4 -> new Signal("expiry_edge:" + i, new SignalType.ExpiryEdge(1.5, "Yes", 0.88), market, 0.88,
                    RiskLevel.LOW, details.recommendedAction(RecommendedAction.BUY_FAVOURITE)
                    .expiryTime(detected.plusSeconds(5400)).build(), detected, Source.POLYMARKET);
            case 5 -> new Signal("volume_spike:" + i, new SignalType.VolumeSpike(180_000, 40_000, 4.5), market, 0.825,
                    RiskLevel.MEDIUM, details.recommendedAction(RecommendedAction.WATCH).build(), detected,
                    Source.DOME);
            default -> new Signal("wide_spread:" + i, new SignalType.WideSpread("Yes", 0.31, 0.52, 0.21), market, 0.6,
                    RiskLevel.MEDIUM, details.recommendedAction(RecommendedAction.WATCH).build(), detected,
                    Source.POLYMARKET);
        };
    }
}
