package betterbot.signals.sources.internal;

import betterbot.signals.IsoTime;
import betterbot.signals.SignalJson;
import betterbot.signals.sources.Recorder;
import betterbot.signals.sources.RecorderStats;
import com.fasterxml.jackson.core.JsonParser;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording directory as the recorder's writer thread sees it: each line goes to
 * {@code betterbot-YYYY-MM-DD.N.jsonl.gz}, gzip with a sync flush after every line, so a crash costs at most the
 * line being written. A file is never appended to (one cut by a crash ends in a truncated gzip member, and anything
 * behind it would be unreadable): a new N starts at every start, when the UTC day of the lines moves on, when the
 * file reaches a tenth of the bound (so the bound can hold without deleting the day being written) and after a
 * write failure. Beyond the bound the oldest recording files, by day then N, are deleted whole; the file being
 * written and any other file are never touched. A write failure pauses recording for {@code pause}, then a new file
 * is tried. See docs/operations.md, Recording. Not thread-safe: one writer thread owns it; {@link #stats()} may be
 * read from any thread.
 */
final class RecordingFiles implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordingFiles.class);
    static final Pattern NAME = Pattern.compile("betterbot-(\\d{4}-\\d{2}-\\d{2})\\.([1-9]\\d{0,8})\\.jsonl\\.gz");
    /** A file is closed and the next begun at this share of the bound. */
    static final int FILES_PER_BOUND = 10;
    private static final int GZIP_BUFFER = 64 * 1024;
    private static final byte[] TAIL = {'}', '\n'};

    /** One response to record. */
    record Line(Recorder.Kind kind, Instant capturedAt, String body) {
    }

    /** Opens a new file for writing; it must not exist. Tests substitute failing disks. */
    @FunctionalInterface
    interface Opener {
        OutputStream open(Path file) throws IOException;
    }

    /** A recording file on disk, by its name. */
    record RecordingFile(Path path, LocalDate day, int n) {
        static final Comparator<RecordingFile> OLDEST_FIRST =
                Comparator.comparing(RecordingFile::day).thenComparingInt(RecordingFile::n);

        /** The file's place, or null when its name is not a recording file's. */
        static RecordingFile of(Path path) {
            Matcher m = NAME.matcher(path.getFileName().toString());
            if (!m.matches()) {
                return null;
            }
            try {
                return new RecordingFile(path, LocalDate.parse(m.group(1)), Integer.parseInt(m.group(2)));
            } catch (RuntimeException e) {
                return null; // 2026-02-31 and the like: not ours
            }
        }

        static String name(LocalDate day, int n) {
            return "betterbot-" + day + "." + n + ".jsonl.gz";
        }
    }

    private final Path dir;
    private final long maxBytes;
    private final long fileLimit;
    private final Clock clock;
    private final Duration pause;
    private final Opener opener;

    private Current current;
    /** The other recording files' size on disk, as of the last scan. */
    private long othersBytes;
    /** The bytes of the files finished (or abandoned) this run. */
    private long finishedBytes;

    private volatile Path currentFile;
    private volatile long lines;
    private volatile long bytes;
    private volatile long dropped;
    private volatile long notJson;
    private volatile long errors;
    private volatile long filesDeleted;
    private volatile Instant pausedUntil;

    private static final class Current {
        final RecordingFile file;
        final Counting counted;
        final GZIPOutputStream gzip;

        Current(RecordingFile file, Counting counted, GZIPOutputStream gzip) {
            this.file = file;
            this.counted = counted;
            this.gzip = gzip;
        }
    }

    /** Counts the compressed bytes that reach the file. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    RecordingFiles(Path dir, long maxBytes, Clock clock, Duration pause, Opener opener) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.fileLimit = Math.max(1, maxBytes / FILES_PER_BOUND);
        this.clock = clock;
        this.pause = pause;
        this.opener = opener;
    }

    /** New files are created, never opened for appending or truncating. */
    static OutputStream create(Path file) throws IOException {
        return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Writes one line (never throws: a failure is counted, logged and pauses recording). */
    void write(Line line) {
        Instant until = pausedUntil;
        if (until != null) {
            if (clock.instant().isBefore(until)) {
                dropped++;
                return;
            }
            pausedUntil = null;
            LOG.info("recording resumes in {}", dir);
        }
        if (!oneJsonValue(line.body())) {
            notJson++;
            return;
        }
        byte[] head = head(line);
        byte[] body = oneLine(line.body());
        try {
            LocalDate day = LocalDate.ofInstant(line.capturedAt(), ZoneOffset.UTC);
            // a line a little late from another poller stays in the file of the day it finds
            if (current != null && (day.isAfter(current.file.day()) || current.counted.count >= fileLimit)) {
                finish();
            }
            if (current == null) {
                open(day);
            }
            current.gzip.write(head);
            current.gzip.write(body);
            current.gzip.write(TAIL);
            current.gzip.flush(); // a sync flush: every line written so far is readable even if the process dies
            lines++;
            bytes = finishedBytes + current.counted.count;
            if (othersBytes + current.counted.count > maxBytes) {
                prune();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    private void open(LocalDate day) throws IOException {
        List<RecordingFile> existing = scan();
        int n = existing.stream().filter(f -> f.day().equals(day)).mapToInt(RecordingFile::n).max().orElse(0) + 1;
        OutputStream out = null;
        RecordingFile file = null;
        for (int attempt = 0; out == null; attempt++) {
            file = new RecordingFile(dir.resolve(RecordingFile.name(day, n)), day, n);
            try {
                out = opener.open(file.path());
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
                n++; // written meanwhile by someone else: never into an existing file
            }
        }
        Counting counted = new Counting(out);
        try {
            current = new Current(file, counted, new GZIPOutputStream(counted, GZIP_BUFFER, true));
        } catch (IOException e) {
            out.close();
            throw e;
        }
        currentFile = file.path();
        othersBytes = 0;
        for (RecordingFile f : existing) {
            othersBytes += sizeOf(f.path());
        }
        LOG.info("recording to {}", file.path());
        if (othersBytes > maxBytes) {
            prune(); // a bound lowered since the files were written
        }
    }

    /** Completes the current file (the gzip trailer) so that it reads to its end. */
    private void finish() throws IOException {
        Current c = current;
        current = null;
        currentFile = null;
        try {
            c.gzip.close();
        } finally {
            finishedBytes += c.counted.count;
            bytes = finishedBytes;
        }
    }

    /** Deletes the oldest recording files other than the current one until the directory is under the bound. */
    private void prune() throws IOException {
        List<RecordingFile> files = scan();
        long total = current == null ? 0 : current.counted.count;
        List<RecordingFile> others = new ArrayList<>();
        for (RecordingFile f : files) {
            if (current == null || !f.path().equals(current.file.path())) {
                others.add(f);
            }
        }
        long[] sizes = new long[others.size()];
        for (int i = 0; i < others.size(); i++) {
            sizes[i] = sizeOf(others.get(i).path());
            total += sizes[i];
        }
        long kept = 0;
        for (int i = 0; i < others.size(); i++) {
            if (total > maxBytes) {
                try {
                    Files.deleteIfExists(others.get(i).path());
                    filesDeleted++;
                    total -= sizes[i];
                    LOG.info("deleted the recording {} ({} bytes) to stay under {} bytes",
                            others.get(i).path().getFileName(), sizes[i], maxBytes);
                    continue;
                } catch (IOException e) {
                    errors++;
                    LOG.warn("cannot delete the old recording {}: {}", others.get(i).path(), e.toString());
                }
            }
            kept += sizes[i];
        }
        othersBytes = kept;
    }

    /** The recording files of the directory, oldest first; other files are not listed. */
    private List<RecordingFile> scan() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(RecordingFile::of).filter(f -> f != null && Files.isRegularFile(f.path()))
                    .sorted(RecordingFile.OLDEST_FIRST).toList();
        }
    }

    private static long sizeOf(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0; // deleted meanwhile
        }
    }

    private void fail(Exception e) {
        errors++;
        pausedUntil = clock.instant().plus(pause);
        LOG.warn("recording to {} paused for {} s after a write failure (responses meanwhile are not recorded): {}",
                dir, pause.toSeconds(), e.toString());
        Current c = current;
        current = null;
        currentFile = null;
        if (c != null) {
            finishedBytes += c.counted.count;
            bytes = finishedBytes;
            try {
                c.counted.close(); // not the gzip stream: the file ends where the failure cut it: a replay reads what is complete
            } catch (IOException ignored) {
                // nothing more can be done for this file
            }
        }
    }

    RecorderStats stats() {
        return new RecorderStats(currentFile, lines, bytes, dropped, notJson, errors, filesDeleted, pausedUntil);
    }

    /** Completes the current file; the writer thread calls it last. */
    @Override
    public void close() {
        if (current != null) {
            try {
                finish();
            } catch (IOException e) {
                errors++;
                LOG.warn("cannot complete the recording {}: {}", dir, e.toString());
            }
        }
    }

    /**
     * The start of a response's replay line: {@code {"captured_at", "kind"[, "taker_only": false], "body":}}; the
     * body follows with its own bytes (numbers as the upstream wrote them), then {@link #TAIL}.
     */
    static byte[] head(Line line) {
        return ("{\"captured_at\":\"" + IsoTime.format(line.capturedAt()) + "\",\"kind\":\"" + line.kind().wireName()
                + "\"" + (line.kind().takerOnly() ? "" : ",\"taker_only\":false") + ",\"body\":")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A JSON value's bytes on one line. A JSON value has line breaks only between tokens (inside a string they are
     * escaped), so turning them into spaces keeps the same value; in UTF-8 those bytes are never part of another
     * character.
     */
    static byte[] oneLine(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                bytes[i] = ' ';
            }
        }
        return bytes;
    }

    /** Whether {@code text} is exactly one JSON value (a lenient parse may have ignored what trails it). */
    static boolean oneJsonValue(String text) {
        if (text == null) {
            return false;
        }
        try (JsonParser p = SignalJson.mapper().getFactory().createParser(text)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
