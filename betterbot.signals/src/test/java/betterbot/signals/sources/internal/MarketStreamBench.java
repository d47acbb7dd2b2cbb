package betterbot.signals.sources.internal;

import betterbot.signals.Signal;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.detection.Pipeline;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.market.GammaJson;
import betterbot.signals.market.Market;
import betterbot.signals.sources.MarketStreamConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The market stream's hot path on one thread (scripts/bench-stream, part 1): generated {@code price_change} frames in
 * the channel's shapes go through parsing, book upkeep and detection ({@link MarketStream#handle}) over NegRisk events
 * whose books came as snapshots. The baseline, measured in the same run on the same frames, is parsing alone.
 *
 * <p>Frames: each moves one leg's YES level and its mirrored NO level (two updates); four in five touch a level
 * below the top, one in five the top, and one in 2,000 opens a deviation on an event not yet seen deviating (which
 * the pipeline turns into a signal, here kept in memory: the store's part is measured end to end by part 2).
 *
 * <pre>java ... MarketStreamBench [events [frames]]   (default 1,000 events of 4 legs, 300,000 frames)</pre>
 */
public final class MarketStreamBench {
    static final long T0 = 1_764_000_000_000L;

    private MarketStreamBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
        int legs = 4;
        List<String> snapshots = snapshots(events, legs);
        List<String> changes = changes(events, legs, frames, new Random(7));
        System.out.printf(Locale.ROOT, "bench-stream replay: %,d NegRisk events x %d legs (%,d tokens), %,d frames of"
                + " 2 updates; JDK %s, %d cores visible%n", events, legs, events * legs * 2, frames,
                Runtime.version(), Runtime.getRuntime().availableProcessors());

        // warm-up: the JIT sees both paths before anything is timed
        for (int round = 0; round < 2; round++) {
            parseOnly(changes);
            replay(events, legs, snapshots, changes, new long[changes.size()]);
        }
        double parseSeconds = parseOnly(changes);
        long[] latencies = new long[changes.size()];
        Result r = replay(events, legs, snapshots, changes, latencies);
        Arrays.sort(latencies);
        long updates = 2L * frames;
        double rate = updates / r.seconds;
        double baseline = updates / parseSeconds;
        System.out.printf(Locale.ROOT, "  parse only (baseline):          %,12.0f updates/s%n", baseline);
        System.out.printf(Locale.ROOT, "  parse + books + detection:      %,12.0f updates/s (%.2fx the baseline's time),"
                + " %,d sets judged, %,d signals%n", rate, r.seconds / parseSeconds, r.judged, r.signals);
        System.out.printf(Locale.ROOT, "  per frame: p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us%n",
                latencies[latencies.length / 2] / 1e3, latencies[(int) (latencies.length * 0.99)] / 1e3,
                latencies[(int) (latencies.length * 0.999)] / 1e3, latencies[latencies.length - 1] / 1e3);
        System.out.printf(Locale.ROOT, "%s updates per second on one thread >= 100,000: %,.0f%n",
                rate >= 100_000 ? "PASS" : "FAIL", rate);
        if (r.signals != frames / 2_000) {
            System.out.printf(Locale.ROOT, "FAIL expected %d deviation signals, got %d%n", frames / 2_000, r.signals);
        }
    }

    record Result(double seconds, long judged, long signals) {
    }

    static double parseOnly(List<String> changes) {
        long start = System.nanoTime();
        long n = 0;
        for (String text : changes) {
            n += MarketStreamProtocol.read(text).events().size();
        }
        if (n != 2L * changes.size()) {
            throw new IllegalStateException("parsed " + n + " updates");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static Result replay(int events, int legs, List<String> snapshots, List<String> changes, long[] latencies) {
        Clock clock = Clock.systemUTC();
        List<Signal> signals = new ArrayList<>();
        Pipeline pipeline = Pipeline.create(DetectionConfig.defaults(), RiskConfig.defaults(), clock, signals::addAll);
        MarketCatalog catalog = new MarketCatalog();
        List<Market> markets = markets(events, legs);
        catalog.replace(markets);
        pipeline.onMarkets(markets, clock.instant());
        SourceHealth health = new SourceHealth("polymarket-stream", true, 3, clock, g -> { });
        MarketStream stream = new MarketStream(new MarketStreamConfig(MarketStreamConfig.MARKET_WS, true, 1_000_000,
                Duration.ofMinutes(1), Duration.ofSeconds(10)), catalog, pipeline, health, clock,
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)), new Random(1), Duration.ofSeconds(1));
        stream.followCatalog();
        snapshots.forEach(stream::handle);
        long judgedBefore = stream.stats().judged();
        int signalsBefore = signals.size();
        long start = System.nanoTime();
        for (int i = 0; i < changes.size(); i++) {
            long t = System.nanoTime();
            stream.handle(changes.get(i));
            latencies[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(seconds, stream.stats().judged() - judgedBefore, signals.size() - signalsBefore);
    }

    /** Gamma markets: event e has legs e-0..e-3, YES token {@code <id>1}, NO token {@code <id>2}. */
    static List<Market> markets(int events, int legs) {
        List<String> json = new ArrayList<>();
        for (int e = 0; e < events; e++) {
            for (int l = 0; l < legs; l++) {
                json.add(Shapes.gammaMarket("e" + e + "l" + l, 1_000_000 - e * legs - l, true, "nr" + e, "ev" + e));
            }
        }
        return GammaJson.markets(Shapes.array(json)).rows();
    }

    /**
     * Ten levels a side; every leg's YES best bid 0.12 and best ask 0.26 (four legs: asks 1.04, no deviation; spread
     * 0.14, not wide), its NO book the mirror (bid 0.74, ask 0.88).
     */
    static List<String> snapshots(int events, int legs) {
        List<String> out = new ArrayList<>();
        for (int e = 0; e < events; e++) {
            StringBuilder frame = new StringBuilder("[");
            for (int l = 0; l < legs; l++) {
                String id = "e" + e + "l" + l;
                if (l > 0) {
                    frame.append(',');
                }
                frame.append(book(id + "1", 0.12, 0.26)).append(',').append(book(id + "2", 0.74, 0.88));
            }
            out.add(frame.append(']').toString());
        }
        return out;
    }

    private static String book(String asset, double bestBid, double bestAsk) {
        StringBuilder bids = new StringBuilder();
        StringBuilder asks = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            if (i > 0) {
                bids.append(',');
                asks.append(',');
            }
            bids.append(level(bestBid - i * 0.01, 100 + i * 10));
            asks.append(level(bestAsk + i * 0.01, 100 + i * 10));
        }
        return "{\"event_type\":\"book\",\"asset_id\":\"" + asset + "\",\"market\":\"0xcond" + asset
                + "\",\"bids\":[" + bids + "],\"asks\":[" + asks + "],\"timestamp\":\"" + T0 + "\",\"hash\":\"0xab\"}";
    }

    private static String level(double price, int size) {
        return String.format(Locale.ROOT, "{\"price\":\"%.2f\",\"size\":\"%d\"}", price, size);
    }

    static List<String> changes(int events, int legs, int frames, Random random) {
        List<String> out = new ArrayList<>(frames);
        int deviating = 0;
        for (int i = 0; i < frames; i++) {
            long ts = T0 + 1_000 + i;
            String yes;
            String no;
            double yesPrice;
            int size = 50 + random.nextInt(500);
            int e;
            int l;
            boolean sell;
            if (i % 2_000 == 1_999 && deviating < events) {
                e = deviating++; // a new ask on leg 0, above its bid: the YES asks sum to 0.94
                l = 0;
                yesPrice = 0.16;
                sell = true;
            } else {
                e = random.nextInt(events);
                l = random.nextInt(legs);
                sell = random.nextBoolean();
                boolean top = random.nextInt(5) == 0;
                double best = sell ? 0.26 : 0.12;
                double depth = top ? 0 : 0.01 * (1 + random.nextInt(9));
                yesPrice = sell ? best + depth : best - depth;
            }
            String id = "e" + e + "l" + l;
            yes = change(id + "1", yesPrice, size, sell ? "SELL" : "BUY");
            no = change(id + "2", 1 - yesPrice, size, sell ? "BUY" : "SELL"); // the mirrored NO level
            out.add("{\"event_type\":\"price_change\",\"market\":\"0xcond" + id + "\",\"timestamp\":\"" + ts
                    + "\",\"price_changes\":[" + yes + "," + no + "]}");
        }
        return out;
    }

    private static String change(String asset, double price, int size, String side) {
        return String.format(Locale.ROOT, "{\"asset_id\":\"%s\",\"price\":\"%.2f\",\"size\":\"%d\",\"side\":\"%s\","
                + "\"hash\":\"0x5f3a\",\"best_bid\":\"0.12\",\"best_ask\":\"0.26\"}", asset, price, size, side);
    }
}
