package betterbot.signals.detection;

import betterbot.signals.IsoTime;
import betterbot.signals.SignalJson;
import betterbot.signals.SignalSink;
import betterbot.signals.Source;
import betterbot.signals.detection.internal.CaptureClock;
import betterbot.signals.market.ClobJson;
import betterbot.signals.market.DataApiJson;
import betterbot.signals.market.GammaJson;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Parsed;
import betterbot.signals.market.Trade;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs recorded upstream data through a pipeline, without a network. A recording is JSON lines, one captured
 * response per line:
 *
 * <pre>{"captured_at": "2026-11-24T12:00:00.000Z", "kind": "gamma_markets", "body": [ ...the response... ]}</pre>
 *
 * where {@code kind} is {@code gamma_markets} (a Gamma {@code /markets/keyset} page or a legacy {@code /markets}
 * array), {@code clob_books} (a CLOB {@code /books} array) or {@code data_trades} (a Data API trades page, v1
 * array or v2 object; taker fills, as {@code takerOnly=true} answers, unless the record carries
 * {@code "taker_only": false}). Lines run in file order with the pipeline's clock set to each line's capture
 * time, so a replay is deterministic: the same recording always yields the same signals, ids and detection
 * times. Blank lines are ignored; a line that is not such a record is skipped and reported with its number.
 */
public final class Replay {
    private final CaptureClock clock = new CaptureClock();
    private final Pipeline pipeline;

    public Replay(DetectionConfig detection, RiskConfig risk, SignalSink sink) {
        this.pipeline = Pipeline.create(detection, risk, clock, sink);
    }

    /** The kinds of captured responses a recording may hold. */
    public static final List<String> KINDS = List.of("gamma_markets", "clob_books", "data_trades");

    /**
     * Replays files in order.
     *
     * @throws IOException when a file cannot be read; every file is checked before the first line runs
     */
    public ReplaySummary run(List<Path> files) throws IOException {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new NoSuchFileException(f.toString(), null, Files.isDirectory(f) ? "is a directory" : "no such file");
            }
            if (!Files.isReadable(f)) {
                throw new IOException(f + ": not readable");
            }
        }
        long start = System.nanoTime();
        Counts c = new Counts();
        for (Path f : files) {
            // an InputStreamReader replaces undecodable bytes: a corrupt line is then malformed JSON, reported by
            // number, instead of an exception that would end the whole replay
            try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(f),
                    StandardCharsets.UTF_8), 1 << 16)) {
                String line;
                long number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    c.lines++;
                    String problem = replayLine(line, c);
                    if (problem != null) {
                        c.malformed.add(new ReplaySummary.MalformedLine(f, number, problem));
                    }
                }
            }
        }
        PipelineStats stats = pipeline.stats();
        return new ReplaySummary(files.size(), c.lines, c.malformed, c.markets, c.books, c.trades, c.rowsSkipped,
                stats.duplicateTrades(), stats.signalsByType(), stats.detectorFailures(), System.nanoTime() - start);
    }

    /** The pipeline the replay drives (for its statistics). */
    public Pipeline pipeline() {
        return pipeline;
    }

    private static final class Counts {
        long lines;
        long markets;
        long books;
        long trades;
        long rowsSkipped;
        final List<ReplaySummary.MalformedLine> malformed = new ArrayList<>();
    }

    /** Runs one line; returns why it is malformed, or null. */
    private String replayLine(String line, Counts c) {
        JsonNode record;
        try {
            record = SignalJson.mapper().readTree(line);
        } catch (JsonProcessingException e) {
            return "not JSON: " + e.getOriginalMessage();
        }
        if (record == null || !record.isObject()) {
            return "not a JSON object";
        }
        Instant capturedAt;
        try {
            JsonNode at = record.get("captured_at");
            if (at == null || !at.isTextual()) {
                return "no \"captured_at\" time";
            }
            capturedAt = IsoTime.parse(at.asText());
        } catch (DateTimeParseException e) {
            return "\"captured_at\" is not an ISO-8601 time";
        }
        String kind = record.path("kind").asText("");
        JsonNode body = record.get("body");
        if (body == null) {
            return "no \"body\"";
        }
        clock.set(capturedAt);
        try {
            switch (kind) {
                case "gamma_markets" -> {
                    Parsed<Market> p = GammaJson.markets(body);
                    c.markets += p.rows().size();
                    c.rowsSkipped += p.skipped();
                    pipeline.onMarkets(p.rows(), capturedAt);
                }
                case "clob_books" -> {
                    Parsed<OrderBook> p = ClobJson.books(body);
                    c.books += p.rows().size();
                    c.rowsSkipped += p.skipped();
                    pipeline.onBooks(p.rows(), capturedAt);
                }
                case "data_trades" -> {
                    // a page of the Data API's default takerOnly=true, unless the record says it is not
                    boolean takerOnly = record.path("taker_only").asBoolean(true);
                    Parsed<Trade> p = DataApiJson.trades(body, Source.POLYMARKET, takerOnly);
                    c.trades += p.rows().size();
                    c.rowsSkipped += p.skipped();
                    pipeline.onTrades(p.rows(), capturedAt);
                }
                default -> {
                    return "unknown \"kind\" '" + kind + "' (accepted: " + String.join(", ", KINDS) + ")";
                }
            }
        } catch (SignalsNotStoredException e) {
            return null; // not a malformed line: the sink counted what it could not store, and the replay goes on
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }
}
