package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.SignalJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code betterbot backtest}: the shipped sample and its later prices and resolutions, graded offline. */
class BacktestCommandTest {
    static final Path SAMPLES = SampleUpstream.SAMPLES;

    @TempDir
    Path dir;

    record Run(ExitCode code, String out, String err) {
    }

    Run backtest(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "backtest";
        System.arraycopy(args, 0, all, 1, args.length);
        ExitCode code = Main.run(all, Map.of("TRACKED_WALLETS_FILE", SAMPLES.resolve("tracked-wallets.csv").toString(),
                "DB_PATH", dir.resolve("unused.db").toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The sample's signals, detected at 12:00–12:05, then the schedule of samples/polymarket-sample-later.jsonl:
     * at 13:00:30 rain YES 0.66, Fed 0.93, the match 0.50, the mayoral legs 0.28/0.33/0.31; the Fed market resolves
     * YES, the match NO; a day on rain 0.80 and the legs 0.25/0.45/0.27; it rains; Bruno Lindqvist wins.
     */
    @Test
    void theSampleIsGradedExactlyAsWorkedOutByHand() throws Exception {
        Run r = backtest("--json", SAMPLES.resolve("polymarket-sample.jsonl").toString(),
                SAMPLES.resolve("polymarket-sample-later.jsonl").toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.err().contains("signals: 11 detected"), r.err());
        assertTrue(r.err().contains("grades made: 1h 8, 24h 8, settlement 8 (24 in all); 0 signals with a grade"
                + " still pending"), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), "settlement, 1h, 24h: " + r.out());
        JsonNode settlement = SignalJson.mapper().readTree(lines.get(0));
        JsonNode hour = SignalJson.mapper().readTree(lines.get(1));
        JsonNode day = SignalJson.mapper().readTree(lines.get(2));
        assertEquals(List.of("settlement", "1h", "24h"), List.of(settlement.get("horizon").asText(),
                hour.get("horizon").asText(), day.get("horizon").asText()));

        // whale trades: three BUYs of rain NO at 0.40 and one of rain YES at 0.60
        JsonNode w = settlement.at("/by_type/whale_trade");
        assertEquals(4, w.get("graded").asInt());
        assertEquals(1, w.get("hits").asInt(), "it rained: only the YES buyer won");
        assertEquals(-0.583333, w.get("mean_return").asDouble(), 1e-6, "(3 × −1 + (1 / 0.6 − 1)) / 4");
        assertEquals(-0.0875, hour.at("/by_type/whale_trade/mean_return").asDouble(), 1e-6,
                "(3 × (0.34 / 0.40 − 1) + (0.66 / 0.60 − 1)) / 4");
        assertEquals(-0.291667, day.at("/by_type/whale_trade/mean_return").asDouble(), 1e-6,
                "(3 × (0.20 / 0.40 − 1) + (0.80 / 0.60 − 1)) / 4");
        // the cluster bought rain NO at 0.40
        assertEquals(-0.15, hour.at("/by_type/whale_cluster/mean_return").asDouble(), 1e-6);
        assertEquals(-1.0, settlement.at("/by_type/whale_cluster/mean_return").asDouble(), 1e-6);
        // smart_money bought the match's YES at 0.55; the match resolved NO before the 24 h horizon
        assertEquals(-0.090909, hour.at("/by_type/tracked_wallet_entry/mean_return").asDouble(), 1e-6, "0.50 / 0.55 − 1");
        assertEquals(-1.0, day.at("/by_type/tracked_wallet_entry/mean_return").asDouble(), 1e-6,
                "a horizon after the resolution is worth the resolution");
        // BUY_ALL of the three mayoral legs at asks summing to 0.94; one leg pays at settlement
        assertEquals(-0.021277, hour.at("/by_type/price_deviation/mean_return").asDouble(), 1e-6, "0.92 / 0.94 − 1");
        assertEquals(0.031915, day.at("/by_type/price_deviation/mean_return").asDouble(), 1e-6, "0.97 / 0.94 − 1");
        assertEquals(0.06383, settlement.at("/by_type/price_deviation/mean_return").asDouble(), 1e-6, "1 / 0.94 − 1");
        assertEquals(1, settlement.at("/by_type/price_deviation/hits").asInt());
        // the Fed's favourite YES at 0.88, 0.93 an hour on, resolved YES
        assertEquals(0.056818, hour.at("/by_type/expiry_edge/mean_return").asDouble(), 1e-6, "0.93 / 0.88 − 1");
        assertEquals(0.136364, settlement.at("/by_type/expiry_edge/mean_return").asDouble(), 1e-6, "1 / 0.88 − 1");
        assertTrue(settlement.at("/by_type/expiry_edge/pnl_usd").isNull(), "an expiry edge is not sized on its prior");
        // Wilson 95 % of 1 hit in 4
        assertEquals(0.045586, w.get("hit_rate_interval").get(0).asDouble(), 1e-5);
        assertEquals(0.699364, w.get("hit_rate_interval").get(1).asDouble(), 1e-5);
    }

    @Test
    void theDatabaseIsTemporaryUnlessKept() throws Exception {
        Path kept = dir.resolve("kept.db");
        Run r = backtest("--db", kept.toString(), SAMPLES.resolve("polymarket-sample.jsonl").toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(Files.exists(kept));
        assertTrue(r.out().startsWith("replay: "), r.out());
        assertTrue(r.out().contains("track record at settlement"), r.out());
        Run again = backtest("--db", kept.toString(), SAMPLES.resolve("polymarket-sample.jsonl").toString());
        assertEquals(ExitCode.USAGE, again.code());
        assertTrue(again.err().contains("exists: a backtest starts from an empty database"), again.err());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(ExitCode.USAGE, backtest().code());
        assertEquals(ExitCode.USAGE, backtest("--fast", "x.jsonl").code());
        Run missing = backtest(dir.resolve("none.jsonl").toString());
        assertEquals(ExitCode.FAILURE, missing.code());
        assertTrue(missing.err().contains("none.jsonl"), missing.err());
    }
}
