package betterbot.signals.detection;

import betterbot.signals.IsoTime;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.SignalJson;
import betterbot.signals.SignalSink;
import betterbot.signals.Source;
import betterbot.signals.detection.internal.CaptureClock;
import betterbot.signals.market.ClobJson;
import betterbot.signals.market.DataApiJson;
import betterbot.signals.market.DomeJson;
import betterbot.signals.market.GammaJson;
import betterbot.signals.market.HashdiveJson;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Parsed;
import betterbot.signals.market.Trade;
import betterbot.signals.sources.MarketFeed;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Runs recorded upstream data through a pipeline, without a network. A recording is JSON lines, one captured
 * response per line:
 *
 * <pre>{"captured_at": "2026-11-24T12:00:00.000Z", "kind": "gamma_markets", "body": [ ...the response... ]}</pre>
 *
 * where {@code kind} is {@code gamma_markets} (a Gamma {@code /markets/keyset} page or a legacy {@code /markets}
 * array), {@code grading_markets} (such a page the grading loop asked for by market id: for the grader only),
 * {@code gamma_event} (a Gamma {@code /events/{id}} object, its markets nested), {@code clob_books} (a
 * CLOB {@code /books} array), {@code data_trades} (a Data API trades page, v1 array or v2 object; taker fills, as
 * {@code takerOnly=true} answers, unless the record carries {@code "taker_only": false}), {@code hashdive_trades}
 * (a Hashdive whale-trades answer) or {@code dome_orders} (an order event of the Dome-compatible stream). Lines run
 * in file order with the pipeline's clock set to each line's capture time, so a replay is deterministic: the same
 * recording always yields the same signals, ids and detection times. Blank lines are ignored; a line that is not
 * such a record is skipped and reported with its number.
 *
 * <p>A file may be plain JSON lines or gzip (told by its first bytes, not its name), as the sources record them
 * (see docs/operations.md, Recording). A gzip file that ends cut, as a crash leaves the file being written, replays
 * every complete line before the cut and is reported in {@link ReplaySummary#truncated()}.
 */
public final class Replay {
    /** The kinds of captured responses a recording may hold. */
    public static final List<String> KINDS = List.of("gamma_markets", "grading_markets", "gamma_event", "clob_books",
            "data_trades", "hashdive_trades", "dome_orders");
    private static final int BUFFER = 1 << 16;

    private final CaptureClock clock = new CaptureClock();
    private final MarketFeed feed;
    private final BiConsumer<List<Market>, Instant> graded;

    /** A replay through a fresh pipeline with the seven detectors, its signals going to {@code sink}. */
    public Replay(DetectionConfig detection, RiskConfig risk, SignalSink sink) {
        this(clock -> Pipeline.create(detection, risk, clock, sink));
    }

    /**
     * A replay into the feed {@code feed} builds on the replay's clock, which reads the capture time of the line
     * being replayed: a {@link Pipeline} (e.g. one storing into a database through its {@link DetectionState}), or
     * any feed that passes what it is given on to one.
     */
    public Replay(Function<? super Clock, ? extends MarketFeed> feed) {
        this(feed, (markets, at) -> {
        });
    }

    /**
     * A replay into {@code feed} whose {@code grading_markets} lines (the grading loop's own requests by market id)
     * go to {@code graded} instead of the detectors, as they do live (the backtest passes the grading loop's
     * {@code observeMarkets}; see docs/grading.md). Without it such lines are read and counted, not fed.
     */
    public Replay(Function<? super Clock, ? extends MarketFeed> feed, BiConsumer<List<Market>, Instant> graded) {
        this.feed = Objects.requireNonNull(feed.apply(clock), "feed");
        this.graded = Objects.requireNonNull(graded, "graded");
    }

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
            replayFile(f, c);
        }
        long duplicates = 0;
        Map<String, Long> failures = Map.of();
        if (feed instanceof Pipeline p) {
            PipelineStats stats = p.stats();
            duplicates = stats.duplicateTrades();
            failures = stats.detectorFailures();
        }
        return new ReplaySummary(files.size(), c.lines, c.malformed, c.truncated, c.markets, c.books, c.trades,
                c.rowsSkipped, duplicates, c.signalsByType, failures, System.nanoTime() - start);
    }

    /** The pipeline the replay drives (for its statistics); null when its feed is not a {@link Pipeline}. */
    public Pipeline pipeline() {
        return feed instanceof Pipeline p ? p : null;
    }

    private void replayFile(Path f, Counts c) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(f), BUFFER)) {
            boolean gzip = isGzip(raw);
            long number = 0;
            try {
                InputStream in = gzip ? new GZIPInputStream(raw, BUFFER) : raw;
                Lines lines = new Lines(in);
                String line;
                while ((line = lines.next()) != null) {
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
            } catch (EOFException | ZipException e) {
                if (!gzip) {
                    throw e;
                }
                // a file cut by a crash: every complete line before the cut has run
                c.truncated.add(new ReplaySummary.TruncatedFile(f, number, e.getMessage() == null
                        ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
    }

    /** Whether the stream starts with gzip's magic bytes; leaves it where it was. */
    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }

    /**
     * Lines of a stream, split at {@code \n} on bytes: when the stream fails (a gzip file cut short), every line
     * completed before the failure has been returned, and only the incomplete one is lost. Undecodable bytes become
     * U+FFFD, so a corrupt line is malformed JSON, reported by number, instead of an exception that would end the
     * whole replay.
     */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buf = new byte[BUFFER];
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private int pos;
        private int limit;

        Lines(InputStream in) {
            this.in = in;
        }

        String next() throws IOException {
            while (true) {
                for (int i = pos; i < limit; i++) {
                    if (buf[i] == '\n') {
                        partial.write(buf, pos, i - pos);
                        pos = i + 1;
                        return take();
                    }
                }
                partial.write(buf, pos, limit - pos);
                pos = 0;
                limit = in.read(buf);
                if (limit < 0) {
                    limit = 0;
                    return partial.size() == 0 ? null : take(); // a last line without its line break
                }
            }
        }

        private String take() {
            byte[] bytes = partial.toByteArray();
            partial.reset();
            int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        }
    }

    private static final class Counts {
        long lines;
        long markets;
        long books;
        long trades;
        long rowsSkipped;
        final List<ReplaySummary.MalformedLine> malformed = new ArrayList<>();
        final List<ReplaySummary.TruncatedFile> truncated = new ArrayList<>();
        final Map<String, Long> signalsByType = new LinkedHashMap<>();

        Counts() {
            SignalType.NAMES.forEach(name -> signalsByType.put(name, 0L)); // the order of docs/domain.md, Signals
        }

        void found(List<Signal> signals) {
            signals.forEach(s -> signalsByType.merge(s.signalType().name(), 1L, Long::sum));
        }
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
                case "gamma_markets" -> markets(GammaJson.markets(body), capturedAt, c);
                case "grading_markets" -> {
                    Parsed<Market> p = GammaJson.markets(body);
                    c.markets += p.rows().size();
                    c.rowsSkipped += p.skipped();
                    graded.accept(p.rows(), capturedAt);
                }
                case "gamma_event" -> markets(GammaJson.eventMarkets(body), capturedAt, c);
                case "clob_books" -> {
                    Parsed<OrderBook> p = ClobJson.books(body);
                    c.books += p.rows().size();
                    c.rowsSkipped += p.skipped();
                    c.found(feed.onBooks(p.rows(), capturedAt));
                }
                case "data_trades" -> {
                    // a page of the Data API's default takerOnly=true, unless the record says it is not
                    boolean takerOnly = record.path("taker_only").asBoolean(true);
                    trades(DataApiJson.trades(body, Source.POLYMARKET, takerOnly), capturedAt, c);
                }
                case "hashdive_trades" -> trades(HashdiveJson.trades(body), capturedAt, c);
                case "dome_orders" -> {
                    if (!"event".equals(body.path("type").asText())) {
                        return "a dome_orders body must be an order event {\"type\": \"event\", \"data\": ...}";
                    }
                    trades(DomeJson.orders(body.get("data")), capturedAt, c);
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

    private void markets(Parsed<Market> p, Instant capturedAt, Counts c) {
        c.markets += p.rows().size();
        c.rowsSkipped += p.skipped();
        c.found(feed.onMarkets(p.rows(), capturedAt));
    }

    private void trades(Parsed<Trade> p, Instant capturedAt, Counts c) {
        c.trades += p.rows().size();
        c.rowsSkipped += p.skipped();
        c.found(feed.onTrades(p.rows(), capturedAt));
    }
}
