package betterbot.signals.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Leg;
import betterbot.signals.RecommendedAction;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalJson;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped recording, end to end through the real pipeline: the exact signals a new user sees. */
class ReplayTest {
    static final Path SAMPLES = Path.of(System.getProperty("betterbot.samples", "../samples"));
    static final Path SAMPLE = SAMPLES.resolve("polymarket-sample.jsonl");
    static final String RAIN = "0x5014ef5ed72014e90b82285ea7888b4a091409ecfcd6a6536fc62d5dcf3e1fd3";
    static final String FED = "0x4a40c7d1e1948cd75045e5aba6971efaaf4af19296a1efb9cb79fb0d5d2ab88c";
    static final String MATCH = "0xb7a95a47d309504a4c7b2afd91a7297ec552eb0d81bc8f300619d3f275b7101e";
    static final String MAYOR = "0xd10068e2cb461d48609f8486441fdd56cf00ab1e0842f46694c67cc2f5fe3800";
    static final String BIG_BLUE = "0x80987080eb2f7d715e60d7f7dcda1b2e56d50cf3";
    static final String HERON = "0x02993e6e97e9b7eadb73d44122e22e27c7cd46fe";
    static final String GULL = "0xc68b024db787eaf05c2b2a2cbbb19956ce3d37b1";
    static final String CORMORANT = "0xae064b5cb7e5b8d38d3b38125de15af710bed1c6";
    static final String QUIET_FOX = "0xf65e53874b6bd17ede649155e897cb1ab03239bd";

    @TempDir
    Path dir;

    static DetectionConfig withSampleWatchList() throws IOException {
        return DetectionConfig.defaults().toBuilder()
                .trackedWallets(TrackedWallets.read(SAMPLES.resolve("tracked-wallets.csv"))).build();
    }

    /** id, confidence, risk, size: the row every signal of the sample is checked against. */
    record Row(String id, String type, String slug, double confidence, RiskLevel risk, Double size, String detectedAt) {
        static Row of(Signal s) {
            return new Row(s.id(), s.signalType().name(), s.marketSlug(), s.confidence(), s.riskLevel(),
                    s.details().recommendedSizeUsd(), s.detectedAt().toString());
        }
    }

    @Test
    void theShippedSampleYieldsExactlyTheseSignals() throws IOException {
        List<Signal> got = new ArrayList<>();
        ReplaySummary summary = new Replay(withSampleWatchList(), RiskConfig.defaults(), got::addAll)
                .run(List.of(SAMPLE));

        String rain = "will-it-rain-in-london-on-november-25";
        assertEquals(List.of(
                new Row("volume_spike:" + RAIN + ":2026-11-24", "volume_spike", rain, 0.8, RiskLevel.MEDIUM, null,
                        "2026-11-24T12:00:00Z"),
                new Row("expiry_edge:" + FED, "expiry_edge", "fed-emergency-statement-by-november-24", 0.88,
                        RiskLevel.LOW, null, "2026-11-24T12:00:00Z"),
                new Row("price_deviation:" + MAYOR + ":20261124T12", "price_deviation",
                        "harbour-city-mayoral-election-2026", 0.851378, RiskLevel.LOW, 76.36, "2026-11-24T12:00:30Z"),
                new Row("wide_spread:" + MATCH + ":20261124T12", "wide_spread",
                        "harbour-city-fc-beat-north-rovers-on-november-24", 0.6, RiskLevel.MEDIUM, null,
                        "2026-11-24T12:00:30Z"),
                new Row("whale_trade:491c1c93225198ad02011cbb70bf616b", "whale_trade", rain, 0.75, RiskLevel.MEDIUM,
                        937.5, "2026-11-24T12:01:00Z"),
                new Row("whale_trade:9ca155f9f5173f1fa626dd773d2d0b91", "whale_trade", rain, 0.65, RiskLevel.MEDIUM,
                        1000.0, "2026-11-24T12:01:00Z"),
                new Row("whale_trade:88365eb4766e457c6aeb8024ab32d606", "whale_trade", rain, 0.65, RiskLevel.MEDIUM,
                        1000.0, "2026-11-24T12:01:00Z"),
                new Row("tracked_wallet_entry:4325c7889d93007455df976941675699", "tracked_wallet_entry",
                        "harbour-city-fc-beat-north-rovers-on-november-24", 0.890828, RiskLevel.LOW, 50.0,
                        "2026-11-24T12:01:00Z"),
                new Row("whale_trade:f87986830fec4e31690c06def9034915", "whale_trade", rain, 0.75, RiskLevel.MEDIUM,
                        1000.0, "2026-11-24T12:05:00Z"),
                new Row("whale_cluster:1d626e9785a490bf3d9a9abc362bb90a", "whale_cluster", rain, 0.7,
                        RiskLevel.MEDIUM, 1000.0, "2026-11-24T12:05:00Z")),
                got.stream().map(Row::of).toList());

        Map<String, Signal> byType = new LinkedHashMap<>();
        got.forEach(s -> byType.putIfAbsent(s.signalType().name(), s));
        assertEquals(new SignalType.VolumeSpike(120_000, 30_000, 4), byType.get("volume_spike").signalType());
        assertEquals(new SignalType.ExpiryEdge(1.5, "Yes", 0.88), byType.get("expiry_edge").signalType());
        assertEquals(new SignalType.PriceDeviation(3, 0.94, null, 0.06, 0.051378, 80.5),
                byType.get("price_deviation").signalType());
        Signal deviation = byType.get("price_deviation");
        assertEquals(RecommendedAction.BUY_ALL, deviation.details().recommendedAction());
        assertEquals(List.of(0.30, 0.31, 0.33), deviation.details().legs().stream().map(Leg::price).toList());
        assertEquals(true, deviation.details().feeRateAssumed(), "Carla Nakamura's market has no fee schedule");
        assertEquals(new SignalType.WideSpread("Yes", 0.30, 0.55, 0.25), byType.get("wide_spread").signalType());
        assertEquals(new SignalType.WhaleTrade(BIG_BLUE, 48_000, 80_000, 0.6), byType.get("whale_trade").signalType(),
                "a checksummed (mixed-case) address comes out lower case");
        assertEquals(new SignalType.TrackedWalletEntry(QUIET_FOX, "smart_money", 1_100, 2_000, 0.55),
                byType.get("tracked_wallet_entry").signalType());
        assertEquals(new SignalType.WhaleCluster(3, List.of(HERON, CORMORANT, GULL), 73_000, Side.BUY, "No", 60),
                byType.get("whale_cluster").signalType());
        assertTrue(got.stream().map(Signal::marketSlug).noneMatch(slug -> slug.startsWith("lakeside-united-vs-coast-town")
                || slug.startsWith("harbour-city-council-budget") || slug.startsWith("bitcoin-up-or-down")),
                "a game not started, a result being settled and a day-old market: no expiry edge, no spike");
        Signal cormorant = got.stream().filter(s -> CORMORANT.equals(s.details().wallet())).findFirst().orElseThrow();
        assertEquals(1, cormorant.details().outcomeIndex(), "its v2 row says outcome_index 999: not applicable");
        assertEquals(1, byType.get("whale_cluster").details().outcomeIndex());
        assertEquals(List.of(BIG_BLUE, HERON, GULL, CORMORANT), got.stream()
                .filter(s -> s.signalType() instanceof SignalType.WhaleTrade).map(s -> s.details().wallet()).toList(),
                "heron's second trade is inside its cooldown; the 0.97 sweep is not followed");

        assertEquals(1, summary.files());
        assertEquals(6, summary.linesRead());
        assertEquals(List.of(), summary.malformed());
        assertEquals(28, summary.markets(), "a keyset page and a legacy array of 14 markets each");
        assertEquals(22, summary.books());
        assertEquals(8, summary.trades());
        assertEquals(1, summary.rowsSkipped(), "the market row with a truncated token list");
        assertEquals(1, summary.duplicateTrades(), "gull's fill again in the overlapping v2 page");
        assertEquals(10, summary.signals());
        assertEquals(List.copyOf(SignalType.NAMES), List.copyOf(summary.signalsByType().keySet()));
        for (String type : SignalType.NAMES) {
            assertTrue(summary.signalsByType().get(type) >= 1, type + " is in the sample");
        }
    }

    @Test
    void withoutTheWatchListTheSampleHasNoTrackedWalletEntry() throws IOException {
        List<Signal> got = new ArrayList<>();
        ReplaySummary s = new Replay(DetectionConfig.defaults(), RiskConfig.defaults(), got::addAll)
                .run(List.of(SAMPLE));
        assertEquals(9, s.signals());
        assertEquals(0L, s.signalsByType().get(SignalType.TRACKED_WALLET_ENTRY));
    }

    @Test
    void replayingTwiceGivesTheSameSignals() throws IOException {
        List<Signal> first = new ArrayList<>();
        List<Signal> second = new ArrayList<>();
        new Replay(withSampleWatchList(), RiskConfig.defaults(), first::addAll).run(List.of(SAMPLE));
        new Replay(withSampleWatchList(), RiskConfig.defaults(), second::addAll).run(List.of(SAMPLE));
        assertEquals(first, second);
    }

    @Test
    void malformedLinesAreSkippedAndReportedWithTheirNumbers() throws IOException {
        Path file = Files.writeString(dir.resolve("rec.jsonl"), String.join("\n",
                "{\"captured_at\": \"2026-11-24T12:00:00Z\", \"kind\": \"gamma_markets\", \"body\": []}",
                "{\"captured_at\": \"2026-11-24T12:00:01Z\", \"kind\": \"clob_books\", \"body\": [",
                "",
                "{\"kind\": \"data_trades\", \"body\": []}",
                "{\"captured_at\": \"2026-11-24T12:00:02Z\", \"kind\": \"gamma_events\", \"body\": []}",
                "{\"captured_at\": \"2026-11-24T12:00:03Z\", \"kind\": \"gamma_markets\", \"body\": {\"x\": 1}}",
                "{\"captured_at\": \"yesterday\", \"kind\": \"gamma_markets\", \"body\": []}",
                "[1, 2]",
                "{\"captured_at\": \"2026-11-24T12:00:04Z\", \"kind\": \"data_trades\", \"body\": {\"data\": []}}",
                ""));
        ReplaySummary s = new Replay(DetectionConfig.defaults(), RiskConfig.defaults(), x -> { }).run(List.of(file));
        assertEquals(8, s.linesRead(), "blank lines are not lines of the recording");
        assertEquals(List.of(2L, 4L, 5L, 6L, 7L, 8L), s.malformed().stream().map(ReplaySummary.MalformedLine::line)
                .toList());
        assertTrue(s.malformed().get(2).reason().contains("unknown \"kind\" 'gamma_events'"), s.malformed().toString());
        assertEquals(file, s.malformed().get(0).file());
    }

    @Test
    void aLineOfUndecodableBytesIsMalformedNotTheEndOfTheReplay() throws IOException {
        byte[] good = "{\"captured_at\": \"2026-11-24T12:00:00Z\", \"kind\": \"gamma_markets\", \"body\": []}\n"
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(good);
        bytes.write(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'});
        bytes.write(good);
        Path file = Files.write(dir.resolve("corrupt.jsonl"), bytes.toByteArray());
        ReplaySummary s = new Replay(DetectionConfig.defaults(), RiskConfig.defaults(), x -> { }).run(List.of(file));
        assertEquals(3, s.linesRead());
        assertEquals(List.of(2L), s.malformed().stream().map(ReplaySummary.MalformedLine::line).toList());
    }

    @Test
    void anUnreadableFileStopsTheReplayBeforeAnyLineRuns() throws IOException {
        List<Signal> got = new ArrayList<>();
        Replay replay = new Replay(withSampleWatchList(), RiskConfig.defaults(), got::addAll);
        assertThrows(NoSuchFileException.class, () -> replay.run(List.of(SAMPLE, dir.resolve("missing.jsonl"))));
        assertThrows(NoSuchFileException.class, () -> replay.run(List.of(dir)));
        assertEquals(List.of(), got);
        assertEquals(0, replay.pipeline().stats().signals());
        assertEquals(0, replay.pipeline().stats().markets(), "not even the readable file ran");
    }

    @Test
    void detectionTimesAreTheCaptureTimesOfTheLines() throws IOException {
        List<Signal> got = new ArrayList<>();
        new Replay(withSampleWatchList(), RiskConfig.defaults(), got::addAll).run(List.of(SAMPLE));
        assertEquals(List.of(Instant.parse("2026-11-24T12:00:00Z"), Instant.parse("2026-11-24T12:00:30Z"),
                Instant.parse("2026-11-24T12:01:00Z"), Instant.parse("2026-11-24T12:05:00Z")),
                got.stream().map(Signal::detectedAt).distinct().toList());
    }

    @Test
    void aTradesPageMarkedNotTakerOnlyFeedsNoWhaleDetector() throws IOException {
        String row = "[{\"proxyWallet\": \"0x80987080eb2f7d715e60d7f7dcda1b2e56d50cf3\", \"side\": \"BUY\","
                + " \"asset\": \"111\", \"conditionId\": \"0xc1\", \"size\": 80000, \"price\": 0.6,"
                + " \"timestamp\": 1795521605, \"outcomeIndex\": 999, \"transactionHash\": \"0xt1\"}]";
        Path wallets = Files.writeString(dir.resolve("wallets.jsonl"), "{\"captured_at\": \"2026-11-24T12:01:00Z\","
                + " \"kind\": \"data_trades\", \"taker_only\": false, \"body\": " + row + "}\n");
        Path whales = Files.writeString(dir.resolve("whales.jsonl"), "{\"captured_at\": \"2026-11-24T12:01:00Z\","
                + " \"kind\": \"data_trades\", \"body\": " + row + "}\n");
        assertEquals(0, new Replay(DetectionConfig.defaults(), RiskConfig.defaults(), x -> { }).run(List.of(wallets))
                .signals(), "a wallet's page mixes maker and taker fills");
        assertEquals(1, new Replay(DetectionConfig.defaults(), RiskConfig.defaults(), x -> { }).run(List.of(whales))
                .signals());
    }

    // --- recorded files: gzip, cut files, the kinds only the live sources record ---------------------------------

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void aGzipFileIsToldByItsBytesNotItsName() throws IOException {
        byte[] sample = Files.readAllBytes(SAMPLE);
        Path zipped = Files.write(dir.resolve("named-plain.jsonl"), gzip(sample));
        Path plain = Files.write(dir.resolve("named-zipped.jsonl.gz"), sample);
        List<Signal> fromZipped = new ArrayList<>();
        List<Signal> fromPlain = new ArrayList<>();
        ReplaySummary z = new Replay(withSampleWatchList(), RiskConfig.defaults(), fromZipped::addAll).run(List.of(zipped));
        new Replay(withSampleWatchList(), RiskConfig.defaults(), fromPlain::addAll).run(List.of(plain));
        assertEquals(10, fromZipped.size());
        assertEquals(fromPlain, fromZipped);
        assertEquals(List.of(), z.truncated());
        assertEquals(List.of(), z.malformed());
    }

    @Test
    void aGzipFileCutShortReplaysTheLinesBeforeTheCutAndSaysSo() throws IOException {
        byte[] zipped = gzip(Files.readAllBytes(SAMPLE));
        Path cut = Files.write(dir.resolve("cut.jsonl.gz"), java.util.Arrays.copyOf(zipped, zipped.length - 9));
        Path header = Files.write(dir.resolve("header.jsonl.gz"), java.util.Arrays.copyOf(zipped, 5));
        ReplaySummary s = new Replay(withSampleWatchList(), RiskConfig.defaults(), x -> { }).run(List.of(cut, header));
        assertEquals(6, s.linesRead(), "only the trailer is missing: every line is there");
        assertEquals(List.of(cut, header), s.truncated().stream().map(ReplaySummary.TruncatedFile::file).toList());
        assertEquals(List.of(6L, 0L), s.truncated().stream().map(ReplaySummary.TruncatedFile::completeLines).toList());
        assertEquals(10, s.signals());
    }

    /** A sample line's record with its body replaced. */
    static String line(String capturedAt, String kind, String body) {
        return "{\"captured_at\": \"" + capturedAt + "\", \"kind\": \"" + kind + "\", \"body\": " + body + "}";
    }

    @Test
    void aRecordedEventCompletesItsOutcomeSet() throws IOException {
        List<String> sample = Files.readAllLines(SAMPLE);
        JsonNode page = SignalJson.mapper().readTree(sample.get(0)).get("body");
        ArrayNode kept = SignalJson.mapper().createArrayNode();
        ArrayNode legs = SignalJson.mapper().createArrayNode();
        ObjectNode event = null;
        for (JsonNode m : page.get("markets")) {
            boolean mayoral = "31004".equals(m.at("/events/0/id").asText());
            if (mayoral) {
                if (event == null) {
                    event = ((ObjectNode) m.at("/events/0")).deepCopy();
                }
                ObjectNode nested = ((ObjectNode) m).deepCopy();
                nested.remove("events"); // markets nested in an event do not repeat it
                legs.add(nested);
            }
            if (!mayoral || m.get("slug").asText().startsWith("will-alice")) {
                kept.add(m); // of the mayoral election, only Alice Moreau's market is on the page
            }
        }
        event.set("markets", legs);
        ObjectNode partialPage = ((ObjectNode) page).deepCopy();
        partialPage.set("markets", kept);
        String markets = line("2026-11-24T12:00:00Z", "gamma_markets", partialPage.toString());
        String eventLine = line("2026-11-24T12:00:01Z", "gamma_event", event.toString());
        Path with = Files.writeString(dir.resolve("with.jsonl"), String.join("\n", markets, eventLine, sample.get(1)));
        Path without = Files.writeString(dir.resolve("without.jsonl"), String.join("\n", markets, sample.get(1)));
        String deviation = "price_deviation:" + MAYOR + ":20261124T12";

        List<Signal> got = new ArrayList<>();
        ReplaySummary s = new Replay(DetectionConfig.defaults(), RiskConfig.defaults(), got::addAll).run(List.of(with));
        assertEquals(List.of(), s.malformed());
        assertEquals(kept.size() - 1 + 3, s.markets(), "the page's markets but its truncated row, and the event's three");
        assertTrue(got.stream().anyMatch(x -> x.id().equals(deviation)), got.toString());
        List<Signal> none = new ArrayList<>();
        new Replay(DetectionConfig.defaults(), RiskConfig.defaults(), none::addAll).run(List.of(without));
        assertTrue(none.stream().noneMatch(x -> x.signalType() instanceof SignalType.PriceDeviation),
                "two legs unknown: no outcome set to judge");
    }

    @Test
    void hashdiveAndDomeLinesFeedTheTradeDetectorsAsTheirSourcesDo() throws IOException {
        String markets = Files.readAllLines(SAMPLE).get(0);
        String hashdive = line("2026-11-24T12:01:00Z", "hashdive_trades", """
                {"data":[{"transaction_hash":"0xe7263fd8","timestamp":"1795521605","user_address":"%s",
                "side":"buy","shares":"80000","price":"0.6","usd_amount":"48000","condition_id":"%s",
                "asset_id":"98397920759332749413919196457173721441587649741172349302843158861155733452821",
                "market_title":"Will it rain in London on November 25?","outcome":"Yes"}]}"""
                .formatted(BIG_BLUE, RAIN).replace('\n', ' '));
        String dome = line("2026-11-24T12:01:00Z", "dome_orders", """
                {"type":"event","subscription_id":"sub_1","data":{"token_id":
                "88298274478097716783410966727572399738211151724530457288387659835917517038875","token_label":"Yes",
                "side":"BUY","market_slug":"harbour-city-fc-beat-north-rovers-on-november-24","condition_id":"%s",
                "shares":"2000000000","price":"0.55","tx_hash":"0xa513b3a9","timestamp":1795521645,"user":"%s"}}"""
                .formatted(MATCH, QUIET_FOX).replace('\n', ' '));
        String notAnEvent = line("2026-11-24T12:01:01Z", "dome_orders", "{\"type\":\"heartbeat\"}");
        Path file = Files.writeString(dir.resolve("keyed.jsonl"), String.join("\n", markets, hashdive, dome, notAnEvent));
        List<Signal> got = new ArrayList<>();
        ReplaySummary s = new Replay(withSampleWatchList(), RiskConfig.defaults(), got::addAll).run(List.of(file));
        assertEquals(List.of(4L), s.malformed().stream().map(ReplaySummary.MalformedLine::line).toList());
        assertTrue(s.malformed().get(0).reason().contains("order event"), s.malformed().toString());
        assertEquals(2, s.trades());
        Signal whale = got.stream().filter(x -> x.signalType() instanceof SignalType.WhaleTrade).findFirst()
                .orElseThrow(() -> new AssertionError(got.toString()));
        assertEquals(Source.HASHDIVE, whale.source());
        assertEquals(new SignalType.WhaleTrade(BIG_BLUE, 48_000, 80_000, 0.6), whale.signalType());
        Signal entry = got.stream().filter(x -> x.signalType() instanceof SignalType.TrackedWalletEntry).findFirst()
                .orElseThrow(() -> new AssertionError(got.toString()));
        assertEquals(Source.DOME, entry.source());
        assertEquals(new SignalType.TrackedWalletEntry(QUIET_FOX, "smart_money", 1_100, 2_000, 0.55), entry.signalType(),
                "Dome's raw shares are millionths");
    }
}
