package betterbot.app;

import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalBroadcast;
import betterbot.signals.SignalSink;
import betterbot.signals.Source;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.detection.Pipeline;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.market.BookLevel;
import betterbot.signals.market.DataApiJson;
import betterbot.signals.market.FeeSchedule;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Drives a large synthetic stream through every detector and the risk manager, first without the store, then
 * into a real temp-file SQLite store (the service's own sink: store, then broadcast). Prints trades/s and
 * books/s with two baselines measured in the same run: iterating the trades and parsing them from Data API
 * JSON. Run by {@code scripts/bench-detect}; not a test.
 */
final class DetectionBench {
    static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");
    static final int BINARY_MARKETS = 2_000;
    static final int EVENTS = 200;
    static final int LEGS = 4;
    static final int WALLETS = 50_000;
    static final int WHALES = 400;
    static final int TRACKED = 200;
    static final int WARM_UPS = 2;

    final int pageCount;
    final int pageSize;
    final int batchCount;
    final Random rnd = new Random(20261124);
    final List<Market> markets = new ArrayList<>();
    final List<List<Trade>> pages = new ArrayList<>();
    final List<List<OrderBook>> batches = new ArrayList<>();
    final Map<String, String> tracked = new HashMap<>();
    final String[] wallets = new String[WALLETS];
    long tradeCount;
    long bookCount;

    DetectionBench(int pageCount, int pageSize, int batchCount) {
        this.pageCount = pageCount;
        this.pageSize = pageSize;
        this.batchCount = batchCount;
    }

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        DetectionBench bench = new DetectionBench(pages, 1_000, batches);
        long start = System.nanoTime();
        bench.generate();
        System.out.printf(Locale.ROOT, "bench-detect: %,d trades in %,d pages (5%% repeated by overlapping pages), "
                        + "%,d books in %,d batches, %,d markets (%d NegRisk events), %,d wallets (%d tracked); "
                        + "generated in %.1f s%n", bench.tradeCount, bench.pages.size(), bench.bookCount,
                bench.batches.size(), bench.markets.size(), EVENTS, WALLETS, TRACKED,
                (System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "JDK %s, %d cores; each figure is the best of 2 runs after %d warm-ups%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), WARM_UPS);
        bench.run();
    }

    // --- the synthetic stream ------------------------------------------------------------------------------

    void generate() {
        for (int i = 0; i < WALLETS; i++) {
            wallets[i] = String.format(Locale.ROOT, "0x%040x", (long) i * 2_654_435_761L + 17);
        }
        for (int i = 0; i < TRACKED; i++) {
            tracked.put(wallets[i * 97], i % 3 == 0 ? "insider_" + i : "fund_" + i);
        }
        for (int i = 0; i < BINARY_MARKETS; i++) {
            double yes = 0.05 + 0.9 * rnd.nextDouble();
            // a few end within four hours with a favourite: expiry edges
            Instant end = i % 100 == 0 ? T0.plusSeconds(3_600 + rnd.nextInt(7_200)) : T0.plusSeconds(86_400L * 30);
            double day = 1_000 + rnd.nextDouble() * 200_000;
            markets.add(market("0xb" + i, "market-" + i, null, yes, end, day, day * (2 + rnd.nextDouble() * 10),
                    500 + rnd.nextDouble() * 500_000));
        }
        for (int e = 0; e < EVENTS; e++) {
            for (int l = 0; l < LEGS; l++) {
                markets.add(market("0xe" + e + "l" + l, "event-" + e + "-leg-" + l, "0xevent" + e, 1.0 / LEGS,
                        T0.plusSeconds(86_400L * 60), 20_000, 140_000, 50_000));
            }
        }
        generateTrades();
        generateBooks();
    }

    Market market(String id, String slug, String event, double yes, Instant end, double day, double week,
                  double liquidity) {
        return new Market(id, "Question " + slug + "?", id, slug, event, event == null ? null : event + "-slug",
                event == null ? null : "Event " + event, end, true, false, true, event != null, event, false, false,
                null, null, List.of("Yes", "No"), List.of(round(yes), round(1 - yes)), List.of(id + "-yes", id + "-no"),
                day, week, liquidity, null, null, 5.0, 0.01, rnd.nextBoolean() ? FeeSchedule.NONE : null,
                T0.minusSeconds(30L * 86_400), null, null, null, false, false);
    }

    void generateTrades() {
        List<Trade> previous = List.of();
        long index = 0;
        for (int p = 0; p < pageCount; p++) {
            List<Trade> page = new ArrayList<>(pageSize);
            // polls overlap: the newest 5 % of the last page come again
            page.addAll(previous.subList(0, Math.min(previous.size(), pageSize / 20)));
            while (page.size() < pageSize) {
                page.add(trade(index++));
            }
            Collections.reverse(page); // the Data API answers newest first
            pages.add(page);
            previous = page;
            tradeCount += page.size();
        }
    }

    Trade trade(long index) {
        boolean whale = rnd.nextInt(100) == 0;
        // 60 % of the flow goes to the 100 busiest markets
        Market m = markets.get(rnd.nextInt(10) < 6 ? rnd.nextInt(100) : rnd.nextInt(markets.size()));
        int outcome = rnd.nextInt(4) == 0 ? 1 : 0;
        double price = round(Math.min(0.99, Math.max(0.01, m.outcomePrices().get(outcome) + rnd.nextGaussian() * 0.02)));
        double usd = whale ? 10_000 + Math.exp(rnd.nextGaussian() * 1.2 + 9) : Math.exp(rnd.nextGaussian() * 1.5 + 4);
        String wallet = whale ? wallets[rnd.nextInt(WHALES) * 97 % WALLETS] : wallets[rnd.nextInt(WALLETS)];
        Instant at = T0.plusMillis(index * 20); // 50 trades a second
        return new Trade("0x" + Long.toHexString(rnd.nextLong()) + Long.toHexString(index), m.tokenIds().get(outcome),
                m.conditionId(), wallet, rnd.nextInt(10) < 7 ? Side.BUY : Side.SELL, Math.round(usd / price * 100) / 100.0,
                price, at, m.outcomes().get(outcome), outcome, m.slug(), m.eventSlug(), m.question(), Source.POLYMARKET,
                true);
    }

    void generateBooks() {
        for (int b = 0; b < batchCount; b++) {
            List<OrderBook> batch = new ArrayList<>(markets.size() * 2);
            Instant at = T0.plusSeconds(30L * b);
            for (Market m : markets) {
                double mid = m.outcomePrices().get(0);
                double half = rnd.nextInt(50) == 0 ? 0.1 : 0.005 + rnd.nextInt(3) * 0.005; // 2 % are wide
                if (m.negRisk() && rnd.nextInt(30) == 0) {
                    mid -= 0.02; // now and then an event's asks sum below 1: a deviation
                }
                double bid = round(Math.max(0.01, mid - half));
                double ask = round(Math.min(0.99, mid + half));
                batch.add(book(m, 0, bid, ask, at));
                batch.add(book(m, 1, round(1 - ask), round(1 - bid), at)); // the mirrored NO book
            }
            batches.add(batch);
            bookCount += batch.size();
        }
    }

    OrderBook book(Market m, int outcome, double bid, double ask, Instant at) {
        List<BookLevel> bids = new ArrayList<>(5);
        List<BookLevel> asks = new ArrayList<>(5);
        for (int i = 0; i < 5; i++) {
            bids.add(new BookLevel(round(Math.max(0.001, bid - i * 0.01)), 10 + rnd.nextInt(2_000)));
            asks.add(new BookLevel(round(Math.min(0.999, ask + i * 0.01)), 10 + rnd.nextInt(2_000)));
        }
        return new OrderBook(m.conditionId(), m.tokenIds().get(outcome), at, bids, asks, 5.0, 0.01, null);
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    // --- measurements ----------------------------------------------------------------------------------------

    record Result(double seconds, long signals) {
    }

    void run() throws IOException {
        DetectionConfig detection = DetectionConfig.defaults().toBuilder().trackedWallets(tracked).build();
        RiskConfig risk = RiskConfig.defaults();

        double iterate = best(() -> {
            double sum = 0;
            for (List<Trade> page : pages) {
                for (Trade t : page) {
                    sum += t.usdSize();
                }
            }
            return new Result(0, (long) sum & 1);
        });
        report("baseline", "iterate the trades (sum of USD)", tradeCount / iterate, "trades/s", -1);

        List<String> json = pagesAsJson(100);
        long jsonTrades = 100L * pageSize;
        double parse = best(() -> {
            long n = 0;
            for (String body : json) {
                n += DataApiJson.trades(body).rows().size();
            }
            return new Result(0, n);
        });
        report("baseline", "parse Data API JSON (DataApiJson)", jsonTrades / parse, "trades/s", -1);

        Result trades = measure(sink -> Pipeline.create(detection, risk, clock(), sink), this::feedTrades, null);
        report("trades", "3 trade detectors + risk, no store", tradeCount / trades.seconds(), "trades/s",
                trades.signals());
        Result books = measure(sink -> Pipeline.create(detection, risk, clock(), sink), this::feedBooks, null);
        report("books", "2 book detectors + risk, no store", bookCount / books.seconds(), "books/s", books.signals());

        Path dir = Files.createTempDirectory("bench-detect");
        try {
            Result storedTrades = measure(sink -> Pipeline.create(detection, risk, clock(), sink), this::feedTrades, dir);
            report("trades", "… + SQLite store + broadcast", tradeCount / storedTrades.seconds(), "trades/s",
                    storedTrades.signals());
            Result storedBooks = measure(sink -> Pipeline.create(detection, risk, clock(), sink), this::feedBooks, dir);
            report("books", "… + SQLite store + broadcast", bookCount / storedBooks.seconds(), "books/s",
                    storedBooks.signals());
            double target = tradeCount / storedTrades.seconds();
            System.out.printf(Locale.ROOT, "target ≥ 100,000 trades/s through the trade detectors: %s%n",
                    Math.min(target, tradeCount / trades.seconds()) >= 100_000 ? "met" : "NOT MET");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static Clock clock() {
        return Clock.fixed(T0, ZoneOffset.UTC);
    }

    /** Markets first (as the service polls them), then every page; returns the signals delivered. */
    long feedTrades(Pipeline p) {
        p.onMarkets(markets, T0);
        long signals = 0;
        int i = 0;
        for (List<Trade> page : pages) {
            signals += p.onTrades(page, T0.plusSeconds(20L * i++)).size();
        }
        return signals;
    }

    long feedBooks(Pipeline p) {
        p.onMarkets(markets, T0);
        long signals = 0;
        int i = 0;
        for (List<OrderBook> batch : batches) {
            signals += p.onBooks(batch, T0.plusSeconds(30L * i++)).size();
        }
        return signals;
    }

    interface Feed {
        long run(Pipeline p);
    }

    interface Run {
        Result run() throws IOException;
    }

    /** Best wall time of two runs after two warm-ups, each on a fresh pipeline (and store when {@code dir} is set). */
    Result measure(Function<SignalSink, Pipeline> pipelines, Feed feed, Path dir) throws IOException {
        Result best = null;
        for (int run = 0; run < WARM_UPS + 2; run++) {
            SignalStore store = dir == null ? null
                    : SignalStore.open(new StoreConfig(dir.resolve("bench-" + System.nanoTime() + ".db")));
            try {
                SignalBroadcast broadcast = new SignalBroadcast();
                broadcast.subscribe(s -> { });
                SignalSink sink = store == null ? signals -> { } : signals -> broadcast.publish(store.storeAll(signals));
                Pipeline p = pipelines.apply(sink);
                long start = System.nanoTime();
                long signals = feed.run(p);
                Result r = new Result((System.nanoTime() - start) / 1e9, signals);
                if (run >= WARM_UPS && (best == null || r.seconds() < best.seconds())) {
                    best = r;
                }
            } finally {
                if (store != null) {
                    store.close();
                }
            }
        }
        return best;
    }

    double best(Run body) throws IOException {
        double best = Double.MAX_VALUE;
        for (int run = 0; run < WARM_UPS + 2; run++) {
            long start = System.nanoTime();
            body.run();
            double s = (System.nanoTime() - start) / 1e9;
            if (run >= WARM_UPS) {
                best = Math.min(best, s);
            }
        }
        return best;
    }

    List<String> pagesAsJson(int count) {
        List<String> out = new ArrayList<>(count);
        for (List<Trade> page : pages.subList(0, Math.min(count, pages.size()))) {
            StringBuilder sb = new StringBuilder(page.size() * 400).append('[');
            for (Trade t : page) {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(String.format(Locale.ROOT, "{\"proxyWallet\":\"%s\",\"side\":\"%s\",\"asset\":\"%s\","
                                + "\"conditionId\":\"%s\",\"size\":%s,\"price\":%s,\"timestamp\":%d,\"title\":\"%s\","
                                + "\"slug\":\"%s\",\"eventSlug\":\"%s\",\"outcome\":\"%s\",\"outcomeIndex\":%d,"
                                + "\"name\":\"n\",\"pseudonym\":\"p\",\"transactionHash\":\"%s\"}", t.wallet(), t.side(),
                        t.assetId(), t.conditionId(), t.size(), t.price(), t.timestamp().getEpochSecond(), t.title(),
                        t.slug(), t.eventSlug(), t.outcome(), t.outcomeIndex(), t.transactionHash()));
            }
            out.add(sb.append(']').toString());
        }
        return out;
    }

    static void report(String what, String how, double rate, String unit, long signals) {
        System.out.printf(Locale.ROOT, "%-9s %-40s %,12.0f %-8s%s%n", what, how, rate, unit,
                signals < 0 ? "" : String.format(Locale.ROOT, "  (%,d signals)", signals));
    }
}
