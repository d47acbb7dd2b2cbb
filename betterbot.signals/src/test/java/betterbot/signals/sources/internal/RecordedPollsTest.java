package betterbot.signals.sources.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.SignalJson;
import betterbot.signals.detection.Replay;
import betterbot.signals.detection.ReplaySummary;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import betterbot.signals.sources.InMemorySourceLedger;
import betterbot.signals.sources.RecordConfig;
import betterbot.signals.sources.Recorder;
import betterbot.signals.sources.SourceLedger;
import betterbot.signals.sources.internal.FakeUpstream.Answer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every poll records the answers it parsed, through the one place they pass ({@code Fetched.parse}), against a fake
 * upstream serving the real shapes; replaying the recording feeds the pipeline what the live polls fed it.
 */
class RecordedPollsTest {
    static final long T = 1_764_000_000L;

    @TempDir
    Path dir;
    FakeUpstream upstream;
    final PollerTest.MutableClock clock = new PollerTest.MutableClock(); // 2026-11-24T12:00:00Z
    final Shapes.RecordingFeed live = new Shapes.RecordingFeed();
    final SourceLedger ledger = new InMemorySourceLedger();
    final MarketCatalog catalog = new MarketCatalog();
    Recorder recorder;
    UpstreamHttp http;

    @BeforeEach
    void start() throws IOException {
        upstream = new FakeUpstream();
        recorder = Recorder.daily(RecordConfig.megabytes(dir, 16), clock);
        http = new UpstreamHttp(Duration.ofSeconds(2), Duration.ofSeconds(2), clock, recorder);
    }

    @AfterEach
    void stop() {
        recorder.close();
        upstream.close();
    }

    SourceHealth health(String name) {
        return new SourceHealth(name, true, 3, clock, g -> { });
    }

    @Test
    void everyPollRecordsWhatItParsedAndTheReplayFeedsWhatTheLivePollsFed() throws Exception {
        String page1 = Shapes.keysetPage(Shapes.array(List.of(Shapes.gammaMarket("x", 900, false, null, "ev9"))), "p2");
        String page2 = Shapes.keysetPage(Shapes.array(List.of(Shapes.gammaMarket("a", 800, true, "nr1", "ev1"),
                Shapes.gammaMarket("y", 700, true, "nr2", "ev2"))), null);
        String event = """
                {"id":"ev1","slug":"who-wins","title":"Who wins?","endDate":"2027-02-07T23:00:00Z","negRisk":true,
                 "markets":[%s,%s]}""".formatted(
                MarketsAndBooksPollTest.strip(Shapes.gammaMarket("a", 800, true, "nr1", "ev1")),
                MarketsAndBooksPollTest.strip(Shapes.gammaMarket("b", 5, true, "nr1", "ev1")));
        String books = Shapes.array(List.of("x1", "x2", "a1", "a2", "b1", "b2", "y1", "y2").stream()
                .map(asset -> Shapes.book(asset, "0.40", "0.45")).toList());
        String whales = "{\"data\":" + Shapes.array(List.of(Shapes.trade("0xw1", "0xWHALE", "x1", "BUY", 40_000, 0.5,
                T), Shapes.trade("0xw2", "0xWHALE2", "a1", "SELL", 30_000, 0.4, T + 1))) + ",\"pagination\":{}}";
        String wallet = Shapes.array(List.of(Shapes.trade("0xt1", "0xFOX", "b1", "BUY", 2_000, 0.55, T + 2)));
        String hashdive = "{\"data\":[" + TradeFeedsTest.HASHDIVE_ROW + "]}";
        upstream.legacyGammaGone()
                .on("/markets/keyset", Answer.json(page1), Answer.json(page2))
                .on("/events/ev1", Answer.json(event))
                .on("/events/ev2", Answer.json("{\"markets\": [")) // malformed: a failed event, not recorded
                .on("/books", Answer.json(books))
                .on("/trades", Answer.json(whales), Answer.json(wallet),
                        Answer.status(500, "{\"error\":\"internal\"}", Map.of())) // the second wallet fails
                .on("/api/get_latest_whale_trades", Answer.json(hashdive));

        assertInstanceOf(Poller.Outcome.Partial.class, new MarketsPoll(http, upstream.base(), 500, 200, catalog, live,
                health("polymarket-markets"), clock).run(), "one event failed");
        assertEquals(new Poller.Outcome.Polled(8), new BooksPoll(http, upstream.base(), 200, catalog, live,
                health("polymarket-books"), clock).run());
        TradesPoll trades = new TradesPoll(http, upstream.base(), clock);
        assertEquals(new Poller.Outcome.Polled(2), new WhaleTradesPoll(trades, 10_000,
                new TradeWindow("polymarket-trades", Duration.ofMinutes(5), ledger), live, health("polymarket-trades"))
                .run());
        Map<String, TradeWindow> windows = Map.of(
                "0xfox", new TradeWindow("wallet:0xfox", Duration.ofMinutes(5), ledger),
                "0xbad", new TradeWindow("wallet:0xbad", Duration.ofMinutes(5), ledger));
        assertInstanceOf(Poller.Outcome.Partial.class, new WalletTradesPoll(trades, List.of("0xfox", "0xbad"), windows,
                Duration.ZERO, live, health("polymarket-wallets")).run());
        assertEquals(new Poller.Outcome.Polled(1), new HashdivePoll(http, upstream.uri("/api"), "secret-key", 10_000,
                new TradeWindow("hashdive", Duration.ofMinutes(5), ledger), live, health("hashdive"), clock).run());
        recorder.close();

        Path file = dir.resolve("betterbot-2026-11-24.1.jsonl.gz");
        List<JsonNode> lines = read(file);
        assertEquals(List.of("gamma_markets", "gamma_markets", "gamma_event", "clob_books", "data_trades",
                "data_trades", "hashdive_trades"), lines.stream().map(l -> l.get("kind").asText()).toList(),
                "every answer that parsed, in order; not the failed event, not the failed wallet");
        assertEquals(List.of(true, true, true, true, true, false, true),
                lines.stream().map(l -> l.path("taker_only").asBoolean(true)).toList(), "the wallet's page says so");
        List<String> served = List.of(page1, page2, event, books, whales, wallet, hashdive);
        List<String> raw = rawLines(file);
        for (int i = 0; i < served.size(); i++) {
            assertTrue(raw.get(i).endsWith(",\"body\":" + served.get(i).replace('\n', ' ') + "}"),
                    "line " + (i + 1) + " holds the body as served: " + raw.get(i));
            assertEquals("2026-11-24T12:00:00.000Z", lines.get(i).get("captured_at").asText());
        }
        assertEquals(7, recorder.stats().lines());

        Shapes.RecordingFeed replayed = new Shapes.RecordingFeed();
        ReplaySummary s = new Replay(c -> replayed).run(List.of(file));
        assertEquals(List.of(), s.malformed());
        assertEquals(List.of(), s.truncated());
        assertEquals(conditions(live.markets), conditions(replayed.markets), "the same markets, legs included");
        assertEquals(Set.of("0xcondx", "0xconda", "0xcondy", "0xcondb"), conditions(live.markets));
        assertEquals(assets(live.books), assets(replayed.books));
        assertEquals(fills(live.trades), fills(replayed.trades), "the same fills, maker and taker as they were");
        assertEquals(4, replayed.trades.size());
    }

    static List<JsonNode> read(Path file) throws IOException {
        return rawLines(file).stream().map(l -> {
            try {
                return SignalJson.mapper().readTree(l);
            } catch (IOException e) {
                throw new AssertionError(l, e);
            }
        }).toList();
    }

    static List<String> rawLines(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    static Set<String> conditions(List<List<Market>> calls) {
        return flat(calls, Market::conditionId);
    }

    static Set<String> assets(List<List<OrderBook>> calls) {
        return flat(calls, OrderBook::assetId);
    }

    static Set<String> fills(List<Trade> trades) {
        Set<String> out = new TreeSet<>();
        trades.forEach(t -> out.add(t.fillKey() + " taker=" + t.knownTaker() + " " + t.source()));
        return out;
    }

    static <T> Set<String> flat(List<? extends Collection<T>> calls, Function<T, String> key) {
        Set<String> out = new TreeSet<>();
        calls.forEach(c -> c.forEach(x -> out.add(key.apply(x))));
        return out;
    }
}
