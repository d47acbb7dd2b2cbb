package betterbot.http.internal;

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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Fills a database with realistic signals for {@code scripts/bench-http}: every type, full details, wallets and
 * condition ids of real length, so a page of 100 weighs what a real one does.
 *
 * <pre>java -cp ... betterbot.http.internal.BenchDatabase &lt;db file&gt; &lt;count&gt;</pre>
 */
public final class BenchDatabase {
    private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

    private BenchDatabase() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: BenchDatabase <db file> <count>");
            System.exit(2);
        }
        Path db = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Random random = new Random(42);
        try (SignalStore store = SignalStore.open(new StoreConfig(db, Math.max(count, 1)))) {
            List<Signal> batch = new ArrayList<>(500);
            for (int i = 0; i < count; i++) {
                batch.add(signal(i, random));
                if (batch.size() == 500) {
                    store.storeAll(batch);
                    batch.clear();
                }
            }
            store.storeAll(batch);
            System.out.println("BenchDatabase: " + store.count() + " signals in " + db);
        }
    }

    static String hex(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return "0x" + HexFormat.of().formatHex(b);
    }

    static Signal signal(int i, Random random) {
        Instant detected = START.plus(Duration.ofSeconds(30L * i));
        String market = "will-market-" + (i % 400) + "-resolve-yes-by-december-31-2026";
        String wallet = hex(random, 20);
        double price = 0.05 + random.nextInt(90) / 100.0;
        Details.Builder d = Details.builder()
                .conditionId(hex(random, 32))
                .marketTitle("Will market " + (i % 400) + " resolve Yes by December 31, 2026?")
                .outcome(i % 2 == 0 ? "Yes" : "No").outcomeIndex(i % 2)
                .assetId(Long.toString(Math.abs(random.nextLong())) + Long.toString(Math.abs(random.nextLong())))
                .currentPrice(price).volume24h(50_000.0 + random.nextInt(2_000_000))
                .liquidity(10_000.0 + random.nextInt(500_000))
                .eventTime(detected.minusSeconds(2)).expiryTime(detected.plus(Duration.ofDays(30)));
        double usd = 10_000 + random.nextInt(200_000);
        SignalType type;
        double confidence;
        switch (i % 7) {
            case 0, 1, 2 -> {
                type = new SignalType.WhaleTrade(wallet, usd, usd / price, price);
                d.side(Side.BUY).wallet(wallet).recommendedAction(RecommendedAction.FOLLOW_BUY)
                        .recommendedSizeUsd(250.0 + random.nextInt(750));
                confidence = usd >= 100_000 ? 0.95 : usd >= 50_000 ? 0.85 : usd >= 25_000 ? 0.75 : 0.65;
            }
            case 3 -> {
                List<String> wallets = List.of(hex(random, 20), hex(random, 20), hex(random, 20), hex(random, 20));
                type = new SignalType.WhaleCluster(4, wallets, usd * 4, Side.BUY, "Yes", 60);
                d.side(Side.BUY).recommendedAction(RecommendedAction.FOLLOW_BUY);
                confidence = 0.8;
            }
            case 4 -> {
                type = new SignalType.PriceDeviation(3, 0.94, null, 0.06, 0.045, 1_200);
                d.recommendedAction(RecommendedAction.BUY_ALL).legs(List.of(
                        new Leg(market + "-a", "Yes", hex(random, 16), 0.31, 400),
                        new Leg(market + "-b", "Yes", hex(random, 16), 0.33, 1_200),
                        new Leg(market + "-c", "Yes", hex(random, 16), 0.30, 900)))
                        .takerFeeRate(0.02).feeRateAssumed(Boolean.FALSE);
                confidence = 0.86;
            }
            case 5 -> {
                type = new SignalType.ExpiryEdge(1.5, "Yes", 0.88);
                d.recommendedAction(RecommendedAction.BUY_FAVOURITE);
                confidence = 0.88;
            }
            default -> {
                type = new SignalType.VolumeSpike(900_000, 120_000, 7.5);
                d.recommendedAction(RecommendedAction.WATCH);
                confidence = 0.95;
            }
        }
        RiskLevel risk = confidence >= 0.8 ? RiskLevel.LOW : RiskLevel.MEDIUM;
        Source source = i % 10 == 9 ? Source.HASHDIVE : Source.POLYMARKET;
        return new Signal(type.name() + ":" + Integer.toHexString(i) + hex(random, 8).substring(2), type, market,
                confidence, risk, d.build(), detected, source);
    }
}
