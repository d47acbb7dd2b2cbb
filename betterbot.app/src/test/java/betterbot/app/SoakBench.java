package betterbot.app;

import betterbot.signals.Side;
import betterbot.signals.Source;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.detection.Pipeline;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.market.BookLevel;
import betterbot.signals.market.FeeSchedule;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Several simulated hours of the service's polls (markets every minute, books every 30 s, a trades page every
 * 10 s) through the pipeline into a real SQLite store with its detection state, as the service wires them. Most
 * markets live one hour and are replaced by new ones, so every cache is exercised by churn. After each simulated
 * hour it prints the heap in use after a full GC next to the heap after hour 1. Run by {@code scripts/bench-soak};
 * not a test.
 */
final class SoakBench {
    static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    static final int LASTING = 500;
    static final int SHORT_LIVED_PER_HOUR = 1_500;
    static final int EVENTS = 50;
    static final int LEGS = 4;
    static final int WALLETS = 50_000;
    static final int TRADES_PER_PAGE = 200;

    final Random rnd = new Random(20261124);
    final String[] wallets = new String[WALLETS];
    final List<Market> lasting = new ArrayList<>();
    long tradeIndex;

    public static void main(String[] args) throws Exception {
        int hours = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        new SoakBench().run(hours);
    }

    void run(int hours) throws Exception {
        for (int i = 0; i < WALLETS; i++) {
            wallets[i] = String.format(Locale.ROOT, "0x%040x", (long) i * 2_654_435_761L + 17);
        }
        for (int i = 0; i < LASTING; i++) {
            lasting.add(market("0xl" + i, null, false, 0.05 + 0.9 * rnd.nextDouble()));
        }
        for (int e = 0; e < EVENTS; e++) {
            for (int l = 0; l < LEGS; l++) {
                lasting.add(market("0xe" + e + "l" + l, "0xevent" + e, false, 1.0 / LEGS));
            }
        }
        Path dir = Files.createTempDirectory("bench-soak");
        Path db = dir.resolve("soak.db");
        System.out.printf(Locale.ROOT, "bench-soak: %d simulated hours; per hour 60 markets polls (%d lasting + %d"
                        + " new one-hour markets), 120 books polls, 360 trades pages of %d; store %s%n", hours,
                lasting.size(), SHORT_LIVED_PER_HOUR, TRADES_PER_PAGE, db);
        long baseline = 0;
        long steady = 0;
        long lastHeap = 0;
        long[] stored = {0};
        try (SignalStore store = SignalStore.open(new StoreConfig(db))) {
            Pipeline pipeline = Pipeline.create(DetectionConfig.defaults(), RiskConfig.defaults(),
                    Clock.fixed(T0, ZoneOffset.UTC), store.detectionState(rows -> stored[0] += rows.size()));
            long started = System.nanoTime();
            for (int h = 0; h < hours; h++) {
                List<Market> hourMarkets = new ArrayList<>(lasting);
                for (int i = 0; i < SHORT_LIVED_PER_HOUR; i++) {
                    hourMarkets.add(market("0xh" + h + "m" + i, null, false, 0.05 + 0.9 * rnd.nextDouble()));
                }
                for (int second = 0; second < 3_600; second += 10) {
                    Instant now = T0.plusSeconds(3_600L * h + second);
                    if (second % 60 == 0) {
                        pipeline.onMarkets(hourMarkets, now);
                    }
                    if (second % 30 == 0) {
                        pipeline.onBooks(books(hourMarkets, now), now);
                    }
                    pipeline.onTrades(page(hourMarkets, now), now);
                }
                long heap = heapAfterGc();
                lastHeap = heap;
                if (h == 0) {
                    baseline = heap;
                }
                if (h == 3) {
                    steady = heap;
                }
                System.out.printf(Locale.ROOT, "hour %2d: heap %6.1f MB after GC (%.2f × hour 1), %,d signals stored,"
                                + " %.1f s elapsed%n", h + 1, heap / 1e6, heap / (double) baseline, stored[0],
                        (System.nanoTime() - started) / 1e9);
            }
        }
        if (hours > 4) {
            // until about hour 3 the bounded sets fill up (seen fills: 200,000, about 2.8 hours of this feed)
            System.out.printf(Locale.ROOT, "from hour 4 to hour %d: %+.1f MB (%+.2f MB per simulated hour)%n", hours,
                    (lastHeap - steady) / 1e6, (lastHeap - steady) / 1e6 / (hours - 4));
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    Market market(String id, String event, boolean closed, double yes) {
        double day = 1_000 + rnd.nextDouble() * 200_000;
        Instant end = T0.plusSeconds(86_400L * 30);
        return new Market(id, "Question " + id + "?", id, "market-" + id, event, event == null ? null : event + "-slug",
                event == null ? null : "Event " + event, end, true, closed, true, event != null, event, false, false,
                null, null, List.of("Yes", "No"), List.of(round(yes), round(1 - yes)), List.of(id + "-yes", id + "-no"),
                day, day * 7, 500 + rnd.nextDouble() * 500_000, null, null, 5.0, 0.01, FeeSchedule.NONE,
                T0.minusSeconds(86_400L * 30), null, null, null, false, false);
    }

    /** The books of the first 300 markets and every event leg, 2 % of them wide. */
    List<OrderBook> books(List<Market> markets, Instant at) {
        List<OrderBook> batch = new ArrayList<>();
        for (int i = 0; i < markets.size(); i++) {
            Market m = markets.get(i);
            if (i >= 300 && !m.negRisk()) {
                continue;
            }
            double mid = m.outcomePrices().get(0);
            double half = rnd.nextInt(50) == 0 ? 0.1 : 0.005;
            double bid = round(Math.max(0.01, mid - half));
            double ask = round(Math.min(0.99, mid + half));
            batch.add(book(m, 0, bid, ask, at));
            batch.add(book(m, 1, round(1 - ask), round(1 - bid), at));
        }
        return batch;
    }

    OrderBook book(Market m, int outcome, double bid, double ask, Instant at) {
        return new OrderBook(m.conditionId(), m.tokenIds().get(outcome), at,
                List.of(new BookLevel(bid, 100 + rnd.nextInt(2_000))),
                List.of(new BookLevel(ask, 100 + rnd.nextInt(2_000))), 5.0, 0.01, null);
    }

    /** A trades page, newest first: 1 % whales, the rest small; all on this hour's markets. */
    List<Trade> page(List<Market> markets, Instant now) {
        List<Trade> page = new ArrayList<>(TRADES_PER_PAGE);
        for (int i = 0; i < TRADES_PER_PAGE; i++) {
            Market m = markets.get(rnd.nextInt(markets.size()));
            boolean whale = rnd.nextInt(100) == 0;
            int outcome = rnd.nextInt(4) == 0 ? 1 : 0;
            double price = m.outcomePrices().get(outcome);
            double usd = whale ? 10_000 + rnd.nextInt(90_000) : 10 + rnd.nextInt(500);
            String wallet = whale ? wallets[rnd.nextInt(400) * 97 % WALLETS] : wallets[rnd.nextInt(WALLETS)];
            long index = tradeIndex++;
            page.add(new Trade("0x" + Long.toHexString(index), m.tokenIds().get(outcome), m.conditionId(), wallet,
                    Side.BUY, Math.round(usd / price * 100) / 100.0, price, now.minusMillis(i * 50L),
                    m.outcomes().get(outcome), outcome, m.slug(), m.eventSlug(), m.question(), Source.POLYMARKET, true));
        }
        return page;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
