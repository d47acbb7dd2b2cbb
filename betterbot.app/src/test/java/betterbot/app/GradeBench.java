package betterbot.app;

import betterbot.signals.Details;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.grading.Grading;
import betterbot.signals.grading.GradingConfig;
import betterbot.signals.grading.GradingStats;
import betterbot.signals.market.GammaJson;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import betterbot.signals.sources.MarketFeed;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of grading: N gradable whale trades (each on its own market) stored, then graded at 1 h, 24 h and
 * settlement by the real grading loop on a real temp-file store, fed Gamma markets pages as the markets poll
 * would. Prints the grading cost per signal next to the baseline of the same run, storing those signals, and
 * the database's growth per 10,000 graded signals. Run by {@code scripts/bench-grade}; not a test.
 */
final class GradeBench {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final int PAGE = 500;

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("bench-grade");
        try {
            run(n, dir);
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static Signal whale(int i) {
        double price = 0.30 + (i % 40) / 100.0;
        return new Signal("whale_trade:bench" + i, new SignalType.WhaleTrade("0xw" + i, 20_000, 20_000 / price, price),
                "market-" + i, 0.65 + (i % 4) * 0.1, RiskLevel.MEDIUM, Details.builder().conditionId(condition(i))
                .assetId(token(i, 0)).side(i % 3 == 0 ? Side.SELL : Side.BUY).outcome("Yes").currentPrice(price)
                .recommendedSizeUsd(100.0 + i % 50).build(), T0, Source.POLYMARKET);
    }

    static String token(int i, int outcome) {
        return String.format(Locale.ROOT, "%077d", i * 2L + outcome + 1);
    }

    static String condition(int i) {
        return String.format(Locale.ROOT, "0x%064x", i + 1);
    }

    /** A Gamma markets page of markets from..to, YES at {@code yes}, resolved (YES won) when {@code resolved}. */
    static List<Market> page(int from, int to, double yes, boolean resolved) {
        StringBuilder b = new StringBuilder("{\"markets\": [");
        for (int i = from; i < to; i++) {
            if (i > from) {
                b.append(',');
            }
            String prices = resolved ? "[\\\"1\\\", \\\"0\\\"]" : String.format(Locale.ROOT, "[\\\"%.2f\\\", \\\"%.2f\\\"]",
                    yes, 1 - yes);
            b.append(String.format(Locale.ROOT, "{\"id\": \"%d\", \"question\": \"Market %d?\", \"conditionId\": \"%s\","
                            + " \"slug\": \"market-%d\", \"endDate\": \"2026-12-31T00:00:00Z\", \"active\": true,"
                            + " \"closed\": %s, \"umaResolutionStatus\": %s, \"outcomes\": \"[\\\"Yes\\\", \\\"No\\\"]\","
                            + " \"outcomePrices\": \"%s\", \"clobTokenIds\": \"[\\\"%s\\\", \\\"%s\\\"]\","
                            + " \"volumeNum\": \"50000\", \"volume24hr\": 1000, \"liquidityNum\": \"20000\"}",
                    i, i, condition(i), i, resolved, resolved ? "\"resolved\"" : "null", prices, token(i, 0),
                    token(i, 1)));
        }
        return GammaJson.markets(b.append("], \"next_cursor\": null}").toString()).rows();
    }

    /** Hands the loop the batch of signals a pipeline would answer, as if the trades had just been stored. */
    static final class Answering implements MarketFeed {
        List<Signal> next = List.of();

        @Override
        public List<Signal> onMarkets(List<Market> markets, Instant capturedAt) {
            return List.of();
        }

        @Override
        public List<Signal> onBooks(List<OrderBook> books, Instant capturedAt) {
            return List.of();
        }

        @Override
        public List<Signal> onTrades(List<Trade> trades, Instant capturedAt) {
            List<Signal> s = next;
            next = List.of();
            return s;
        }
    }

    static void run(int n, Path dir) throws IOException {
        List<Signal> signals = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            signals.add(whale(i));
        }
        Path db = dir.resolve("graded.db");
        StoreConfig config = new StoreConfig(db, Math.max(n, 10_000), Clock.systemUTC());
        long storeNanos;
        try (SignalStore store = SignalStore.open(config)) {
            // baseline: storing the signals (their entries included), 100 per transaction as a busy poll does
            long t = System.nanoTime();
            for (int from = 0; from < n; from += 100) {
                store.storeAll(signals.subList(from, Math.min(n, from + 100)));
            }
            storeNanos = System.nanoTime() - t;
        }
        long afterStore = Files.size(db); // closing checkpoints the WAL into the file
        try (SignalStore store = SignalStore.open(config)) {
            Grading grading = Grading.start(store.gradeBook(), GradingConfig.defaults(), Clock.systemUTC());
            Answering pipeline = new Answering();
            MarketFeed feed = grading.observing(pipeline);
            long t = System.nanoTime();
            for (int from = 0; from < n; from += PAGE) {
                pipeline.next = signals.subList(from, Math.min(n, from + PAGE));
                feed.onTrades(List.of(), T0);
            }
            long indexNanos = System.nanoTime() - t;
            List<List<Market>> hour = new ArrayList<>();
            List<List<Market>> day = new ArrayList<>();
            List<List<Market>> settled = new ArrayList<>();
            for (int from = 0; from < n; from += PAGE) {
                int to = Math.min(n, from + PAGE);
                hour.add(page(from, to, 0.55, false));
                day.add(page(from, to, 0.60, false));
                settled.add(page(from, to, 1, true));
            }
            t = System.nanoTime();
            for (List<Market> p : hour) {
                feed.onMarkets(p, T0.plus(Duration.ofHours(1)));
            }
            for (List<Market> p : day) {
                feed.onMarkets(p, T0.plus(Duration.ofHours(24)));
            }
            for (List<Market> p : settled) {
                grading.observeMarkets(p, T0.plus(Duration.ofHours(48)));
            }
            long gradeNanos = System.nanoTime() - t;
            GradingStats stats = grading.stats();
            long graded = stats.gradesByHorizon().values().stream().mapToLong(Long::longValue).sum();
            store.close();
            long afterGrading = Files.size(db);

            System.out.printf(Locale.ROOT, "bench-grade: %,d gradable signals, graded at 1h, 24h and settlement by the"
                    + " grading loop on a temp-file store%n", n);
            System.out.printf(Locale.ROOT, "  baseline, storing them (entries included): %8.1f µs per signal%n",
                    storeNanos / 1e3 / n);
            System.out.printf(Locale.ROOT, "  indexing them in the grader:               %8.1f µs per signal%n",
                    indexNanos / 1e3 / n);
            System.out.printf(Locale.ROOT, "  grading all three horizons:                %8.1f µs per signal (%,d grades,"
                    + " %,d observations kept, %d failures)%n", gradeNanos / 1e3 / n, graded,
                    stats.observationsKept(), stats.failures());
            System.out.printf(Locale.ROOT, "  grading / storing:                         %8.2f×%n",
                    (double) (indexNanos + gradeNanos) / storeNanos);
            System.out.printf(Locale.ROOT, "  database: %,d bytes with the signals and their entries, %,d after grading:"
                            + " %,d bytes per 10,000 graded signals (%.0f bytes each)%n", afterStore, afterGrading,
                    (afterGrading - afterStore) * 10_000L / n, (afterGrading - afterStore) / (double) n);
            if (graded != 3L * n) {
                System.out.printf(Locale.ROOT, "  FAIL: %,d grades made, expected %,d%n", graded, 3L * n);
            }
        }
    }
}
