package betterbot.signals.sources.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.SignalJson;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.detection.Replay;
import betterbot.signals.detection.ReplaySummary;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.detection.TrackedWallets;
import betterbot.signals.sources.RecordConfig;
import betterbot.signals.sources.Recorder;
import betterbot.signals.sources.Recorder.Kind;
import betterbot.signals.sources.RecorderStats;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recording directory: what a line holds, which file it goes to, what is deleted to stay under the bound, and
 * what a full disk, a vanished directory or a crash leave behind (see docs/operations.md, Recording).
 */
class RecordingFilesTest {
    static final Path SAMPLES = Path.of(System.getProperty("betterbot.samples", "../samples"));
    static final Duration PAUSE = Duration.ofMinutes(1);

    @TempDir
    Path dir;
    final PollerTest.MutableClock clock = new PollerTest.MutableClock(); // 2026-11-24T12:00:00Z

    RecordingFiles files(long maxBytes) {
        return new RecordingFiles(dir, maxBytes, clock, PAUSE, RecordingFiles::create);
    }

    RecordingFiles.Line line(Kind kind, String body) {
        return new RecordingFiles.Line(kind, clock.instant(), body);
    }

    /** The recording files of the directory, by name. */
    List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> RecordingFiles.RecordingFile.of(p) != null && Files.isRegularFile(p))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every line of a complete gzip file; fails when the file does not read to its end. */
    static List<String> gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void aLineIsTheResponseAsReceivedItsNumbersUntouched() throws IOException {
        String body = """
                [{"proxyWallet":"0xabc","side":"BUY","asset":"111","conditionId":"0xc1","size":"80000.10",
                  "price":0.60, "timestamp":1795521605, "big":12345678901234567890123, "tiny":1e-7,
                  "transactionHash":"0xt1", "title":"line\\nbreak"}]
                """;
        try (RecordingFiles f = files(1 << 20)) {
            f.write(line(Kind.DATA_WALLET_TRADES, body));
            assertEquals(dir.resolve("betterbot-2026-11-24.1.jsonl.gz"), f.stats().currentFile());
        }
        List<String> lines = gunzip(dir.resolve("betterbot-2026-11-24.1.jsonl.gz"));
        assertEquals(List.of("{\"captured_at\":\"2026-11-24T12:00:00.000Z\",\"kind\":\"data_trades\","
                + "\"taker_only\":false,\"body\":" + body.replace('\n', ' ') + "}"), lines,
                "the body's own bytes: 0.60, 80000.10 and 1e-7 as the upstream wrote them, one line");
        JsonNode record = SignalJson.mapper().readTree(lines.get(0));
        assertEquals("line\nbreak", record.at("/body/0/title").asText(), "an escaped line break is the upstream's");
        ReplaySummary s = new Replay(DetectionConfig.defaults(), RiskConfig.defaults(), x -> { })
                .run(List.of(dir.resolve("betterbot-2026-11-24.1.jsonl.gz")));
        assertEquals(List.of(), s.malformed());
        assertEquals(1, s.trades());
        assertEquals(List.of(), s.truncated(), "a closed file reads to its end");
    }

    @Test
    void aBodyThatIsNotOneJsonValueIsNotRecorded() throws IOException {
        try (RecordingFiles f = files(1 << 20)) {
            for (String body : List.of("[1] [2]", "{\"markets\": []} trailing", "", "   ", "<html>403</html>",
                    "{\"markets\": [", "[\"a\tb\"]")) {
                f.write(line(Kind.GAMMA_MARKETS, body));
            }
            assertEquals(7, f.stats().notJson());
            assertEquals(0, f.stats().lines());
        }
        assertEquals(List.of(), names(), "no file for nothing recorded");
    }

    @Test
    void theUtcDayStartsANewFileAndCompletesTheDayBefore() throws IOException {
        try (RecordingFiles f = files(1 << 20)) {
            clock.now = Instant.parse("2026-11-24T23:59:59.900Z");
            f.write(line(Kind.CLOB_BOOKS, "[]"));
            clock.now = Instant.parse("2026-11-25T00:00:00.100Z");
            f.write(line(Kind.CLOB_BOOKS, "[1]"));
            // a poller's line captured just before midnight but written after it stays in the file it finds
            f.write(new RecordingFiles.Line(Kind.CLOB_BOOKS, Instant.parse("2026-11-24T23:59:59.950Z"), "[2]"));
            assertEquals(dir.resolve("betterbot-2026-11-25.1.jsonl.gz"), f.stats().currentFile());
        }
        assertEquals(List.of("betterbot-2026-11-24.1.jsonl.gz", "betterbot-2026-11-25.1.jsonl.gz"), names());
        assertEquals(1, gunzip(dir.resolve("betterbot-2026-11-24.1.jsonl.gz")).size(),
                "the day before reads to its end: its gzip trailer was written at midnight");
        List<String> day2 = gunzip(dir.resolve("betterbot-2026-11-25.1.jsonl.gz"));
        assertEquals(2, day2.size());
        assertTrue(day2.get(1).startsWith("{\"captured_at\":\"2026-11-24T23:59:59.950Z\""), day2.get(1));
    }

    @Test
    void everyStartWritesANewFileAndNeverTouchesAnExistingOne() throws IOException {
        try (RecordingFiles f = files(1 << 20)) {
            f.write(line(Kind.GAMMA_MARKETS, "[]"));
        }
        byte[] first = Files.readAllBytes(dir.resolve("betterbot-2026-11-24.1.jsonl.gz"));
        Files.write(dir.resolve("betterbot-2026-11-24.9.jsonl.gz"), new byte[] {1, 2, 3}); // numbers, not names
        try (RecordingFiles f = files(1 << 20)) {
            f.write(line(Kind.GAMMA_MARKETS, "[1]"));
        }
        assertEquals(List.of("betterbot-2026-11-24.1.jsonl.gz", "betterbot-2026-11-24.10.jsonl.gz",
                "betterbot-2026-11-24.9.jsonl.gz"), names());
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("betterbot-2026-11-24.1.jsonl.gz")));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(dir.resolve("betterbot-2026-11-24.9.jsonl.gz")));
    }

    @Test
    void beyondTheBoundTheOldestFilesGoByDayThenNumberAndNothingElseIsTouched() throws IOException {
        for (String old : List.of("betterbot-2026-11-20.1.jsonl.gz", "betterbot-2026-11-20.2.jsonl.gz",
                "betterbot-2026-11-20.10.jsonl.gz", "betterbot-2026-11-21.1.jsonl.gz")) {
            Files.write(dir.resolve(old), new byte[400]);
        }
        List<String> others = List.of("notes.txt", "betterbot-2026-11-01.1.jsonl", "betterbot-2026-11-01.1.jsonl.gz.bak",
                "betterbot-2026-02-31.1.jsonl.gz");
        for (String other : others) {
            Files.write(dir.resolve(other), new byte[5_000]);
        }
        Files.createDirectory(dir.resolve("betterbot-2026-11-02.1.jsonl.gz")); // not a file: not ours either
        try (RecordingFiles f = files(1_000)) {
            f.write(line(Kind.GAMMA_MARKETS, "[]"));
            long current = Files.size(f.stats().currentFile());
            assertTrue(current < 200, "a small line: " + current);
            // 1,600 bytes of old files + the current one > 1,000: the two oldest go, 20.2 before 20.10
            assertEquals(List.of("betterbot-2026-11-20.10.jsonl.gz", "betterbot-2026-11-21.1.jsonl.gz",
                    "betterbot-2026-11-24.1.jsonl.gz"), names());
            assertEquals(2, f.stats().filesDeleted());
        }
        for (String other : others) {
            assertEquals(5_000, Files.size(dir.resolve(other)), other);
        }
        assertTrue(Files.isDirectory(dir.resolve("betterbot-2026-11-02.1.jsonl.gz")));
    }

    @Test
    void theFileBeingWrittenIsNeverDeletedAndTheBoundHoldsAsFilesFillUp() throws IOException {
        Random random = new Random(42);
        long max = 40_000;
        List<Long> writtenN = new ArrayList<>();
        try (RecordingFiles f = files(max)) {
            for (int i = 0; i < 60; i++) {
                byte[] noise = new byte[1_500];
                random.nextBytes(noise);
                f.write(line(Kind.CLOB_BOOKS, "[\"" + java.util.HexFormat.of().formatHex(noise) + "\"]"));
                Path current = f.stats().currentFile();
                assertNotNull(current);
                assertTrue(Files.exists(current), "the current file is never deleted");
                long total = 0;
                for (String n : names()) {
                    total += Files.size(dir.resolve(n));
                }
                assertTrue(total <= max, "after line " + i + ": " + total + " bytes in " + names());
                RecordingFiles.RecordingFile rf = RecordingFiles.RecordingFile.of(current);
                if (writtenN.isEmpty() || writtenN.getLast() != rf.n()) {
                    writtenN.add((long) rf.n());
                }
            }
            assertTrue(f.stats().filesDeleted() > 0);
            assertEquals(60, f.stats().lines());
        }
        assertTrue(writtenN.size() > RecordingFiles.FILES_PER_BOUND, "a new file at each tenth: " + writtenN);
        for (int i = 1; i < writtenN.size(); i++) {
            assertEquals(writtenN.get(i - 1) + 1, writtenN.get(i), "numbered in order: " + writtenN);
        }
    }

    /** A disk that fills up: the first file takes {@code room} bytes, then every write fails; later files work. */
    static final class FillingDisk implements RecordingFiles.Opener {
        final long room;
        int opened;

        FillingDisk(long room) {
            this.room = room;
        }

        @Override
        public OutputStream open(Path file) throws IOException {
            OutputStream real = RecordingFiles.create(file);
            if (opened++ > 0) {
                return real;
            }
            return new OutputStream() {
                long written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (written + len > room) {
                        throw new IOException("No space left on device");
                    }
                    real.write(b, off, len);
                    written += len;
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        }
    }

    @Test
    void aFullDiskPausesRecordingWithoutThrowingThenANewFileIsTried() throws IOException {
        String books = Files.readAllLines(SAMPLES.resolve("polymarket-sample.jsonl")).get(1);
        String body = SignalJson.mapper().readTree(books).get("body").toString();
        RecordingFiles probe = new RecordingFiles(dir.resolve("probe"), 1 << 20, clock, PAUSE, RecordingFiles::create);
        Files.createDirectory(dir.resolve("probe"));
        probe.write(line(Kind.CLOB_BOOKS, body));
        long oneLine = probe.stats().bytes();
        probe.close();

        FillingDisk disk = new FillingDisk(oneLine); // room for exactly the first line
        try (RecordingFiles f = new RecordingFiles(dir, 1 << 20, clock, PAUSE, disk)) {
            f.write(line(Kind.CLOB_BOOKS, body));
            f.write(line(Kind.CLOB_BOOKS, body)); // the disk is full
            RecorderStats s = f.stats();
            assertEquals(1, s.errors());
            assertEquals(clock.instant().plus(PAUSE), s.pausedUntil());
            assertNull(s.currentFile());
            clock.advance(Duration.ofSeconds(30));
            f.write(line(Kind.CLOB_BOOKS, body));
            assertEquals(1, f.stats().dropped(), "paused: not recorded, counted");
            clock.advance(Duration.ofSeconds(31));
            f.write(line(Kind.CLOB_BOOKS, body));
            assertEquals(dir.resolve("betterbot-2026-11-24.2.jsonl.gz"), f.stats().currentFile(),
                    "a new file after the pause: the cut one is never written to again");
            assertNull(f.stats().pausedUntil());
            assertEquals(2, f.stats().lines());
        }
        ReplaySummary s = new Replay(DetectionConfig.defaults(), RiskConfig.defaults(), x -> { })
                .run(List.of(dir.resolve("betterbot-2026-11-24.1.jsonl.gz"), dir.resolve("betterbot-2026-11-24.2.jsonl.gz")));
        assertEquals(2, s.linesRead(), "the line before the failure and the one after the pause");
        assertEquals(1, s.truncated().size(), s.truncated().toString());
        assertEquals(1, s.truncated().get(0).completeLines());
    }

    @Test
    void aDirectoryReplacedByAFilePausesRecording() throws IOException {
        Path recordings = Files.createDirectory(dir.resolve("recordings"));
        try (RecordingFiles f = new RecordingFiles(recordings, 1 << 20, clock, PAUSE, RecordingFiles::create)) {
            f.write(line(Kind.GAMMA_MARKETS, "[]"));
            try (Stream<Path> s = Files.list(recordings)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(recordings);
            Files.writeString(recordings, "not a directory");
            clock.now = Instant.parse("2026-11-25T00:00:01Z"); // a new day: a new file cannot be created
            f.write(line(Kind.GAMMA_MARKETS, "[]"));
            assertEquals(1, f.stats().errors());
            assertNotNull(f.stats().pausedUntil());
            clock.advance(PAUSE);
            f.write(line(Kind.GAMMA_MARKETS, "[]"));
            assertEquals(2, f.stats().errors(), "still no directory: paused again");
        }
        assertEquals("not a directory", Files.readString(recordings), "never written over");
    }

    @Test
    void aFileCutByACrashReplaysItsCompleteLinesAndTheRestartWritesTheNextFile() throws IOException {
        List<RecordingFiles.Line> sample = sampleLines();
        assertEquals(6, sample.size());
        RecordingFiles crashed = files(1 << 20);
        long[] after = new long[sample.size()];
        for (int i = 0; i < 3; i++) {
            crashed.write(sample.get(i));
            after[i] = crashed.stats().bytes();
        }
        crashed.write(sample.get(3));
        after[3] = crashed.stats().bytes();
        // the process dies (never closed): the disk holds what the sync flushes wrote; cut it inside line 4
        Path first = dir.resolve("betterbot-2026-11-24.1.jsonl.gz");
        assertEquals(after[3], Files.size(first), "every line is on disk once written");
        byte[] bytes = Files.readAllBytes(first);
        Files.write(first, Arrays.copyOf(bytes, (int) (after[2] + (after[3] - after[2]) / 2)));

        try (RecordingFiles restarted = files(1 << 20)) { // the service starts again: the next number
            for (int i = 3; i < sample.size(); i++) {
                restarted.write(sample.get(i));
            }
            assertEquals(dir.resolve("betterbot-2026-11-24.2.jsonl.gz"), restarted.stats().currentFile());
        }
        List<betterbot.signals.Signal> found = new ArrayList<>();
        DetectionConfig detection = DetectionConfig.defaults().toBuilder()
                .trackedWallets(TrackedWallets.read(SAMPLES.resolve("tracked-wallets.csv"))).build();
        ReplaySummary s = new Replay(detection, RiskConfig.defaults(), found::addAll)
                .run(List.of(first, dir.resolve("betterbot-2026-11-24.2.jsonl.gz")));
        assertEquals(6, s.linesRead(), "lines 1-3 before the cut, 4-6 after the restart");
        assertEquals(List.of(), s.malformed(), "the cut line is not half-read");
        assertEquals(List.of(new ReplaySummary.TruncatedFile(first, 3, s.truncated().get(0).reason())), s.truncated());
        assertEquals(10, s.signals(), "the sample's ten signals, from the two files together");
    }

    /** The shipped sample's six lines as the sources would have recorded them. */
    static List<RecordingFiles.Line> sampleLines() throws IOException {
        List<RecordingFiles.Line> out = new ArrayList<>();
        for (String text : Files.readAllLines(SAMPLES.resolve("polymarket-sample.jsonl"))) {
            JsonNode line = SignalJson.mapper().readTree(text);
            Kind kind = switch (line.get("kind").asText()) {
                case "gamma_markets" -> Kind.GAMMA_MARKETS;
                case "clob_books" -> Kind.CLOB_BOOKS;
                case "data_trades" -> line.path("taker_only").asBoolean(true) ? Kind.DATA_TRADES
                        : Kind.DATA_WALLET_TRADES;
                default -> throw new AssertionError(text);
            };
            out.add(new RecordingFiles.Line(kind, Instant.parse(line.get("captured_at").asText()),
                    line.get("body").toString()));
        }
        return out;
    }

    // --- the recorder in front: queue, thread, lifecycle --------------------------------------------------------

    @Test
    void aFullQueueDropsAndCountsWithoutBlockingThePoll() throws IOException {
        DailyRecorder r = new DailyRecorder(files(1 << 20), 2, 1_000); // its writer is not running: nothing drains
        r.record(Kind.CLOB_BOOKS, clock.instant(), "[1]");
        r.record(Kind.CLOB_BOOKS, clock.instant(), "[2]");
        r.record(Kind.CLOB_BOOKS, clock.instant(), "[3]"); // two lines wait: full
        assertEquals(1, r.stats().dropped());
        r.close();
        r.record(Kind.CLOB_BOOKS, clock.instant(), "[4]"); // closed: ignored
        assertEquals(2, r.stats().lines());
        assertEquals(1, r.stats().dropped());
        assertEquals(2, gunzip(dir.resolve("betterbot-2026-11-24.1.jsonl.gz")).size());
    }

    @Test
    void theQueueIsBoundedByCharactersButOneLargeResponseStillGoesAlone() throws IOException {
        DailyRecorder r = new DailyRecorder(files(1 << 20), 100, 1_000);
        String large = "[\"" + "x".repeat(5_000) + "\"]";
        r.record(Kind.GAMMA_MARKETS, clock.instant(), large); // nothing waits: it goes
        r.record(Kind.GAMMA_MARKETS, clock.instant(), "[1]"); // 5,000 characters wait already
        assertEquals(1, r.stats().dropped());
        r.close();
        assertEquals(1, r.stats().lines());
    }

    @Test
    void theRecorderWritesOnItsOwnThreadAndCloseCompletesTheFile() throws IOException {
        Recorder r = Recorder.daily(RecordConfig.megabytes(dir, 1), clock);
        for (int i = 0; i < 50; i++) {
            r.record(Kind.DATA_TRADES, clock.instant(), "[" + i + "]");
        }
        r.close();
        List<String> lines = gunzip(dir.resolve("betterbot-2026-11-24.1.jsonl.gz"));
        assertEquals(50 - r.stats().dropped(), lines.size());
        assertEquals(50, r.stats().lines() + r.stats().dropped());
        assertTrue(r.stats().bytes() > 0);
        assertNull(r.stats().currentFile(), "closed");
    }

    @Test
    void aRecordingDirectoryThatIsNotAWritableDirectoryIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recorder.daily(RecordConfig.megabytes(file, 1), clock));
        assertTrue(e.getMessage().contains("not a writable directory"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RecordConfig.megabytes(dir, 0));
    }
}
