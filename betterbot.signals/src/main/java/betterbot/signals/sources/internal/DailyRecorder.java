package betterbot.signals.sources.internal;

import betterbot.signals.sources.RecordConfig;
import betterbot.signals.sources.Recorder;
import betterbot.signals.sources.RecorderStats;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Recorder} of {@code RECORD_DIR}: pollers only put the response on a bounded queue (by count and by
 * characters, since one Gamma page can be megabytes and the service runs in a small heap) and go on; a full queue
 * drops the response and counts it. One platform thread, {@code recorder}, compresses and writes the files
 * ({@link RecordingFiles}); a platform thread because gzip and file writes would pin a virtual thread's carrier.
 * See docs/operations.md, Recording.
 */
public final class DailyRecorder implements Recorder {
    private static final Logger LOG = LoggerFactory.getLogger(DailyRecorder.class);
    /** Responses waiting at most; a poll brings a few at a time. */
    static final int QUEUE_LINES = 256;
    /** Characters waiting at most (about that many bytes of heap: the bodies are mostly ASCII). */
    static final long QUEUE_CHARS = 4L << 20;
    /** How long recording pauses after a write failure before it tries a new file. */
    static final Duration PAUSE = Duration.ofMinutes(1);
    /** What close waits for the queue to be written, within the stop's budget. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(3);
    private static final RecordingFiles.Line STOP = new RecordingFiles.Line(Kind.GAMMA_MARKETS, Instant.EPOCH, "");

    private final RecordingFiles files;
    private final BlockingQueue<RecordingFiles.Line> queue;
    private final long maxQueuedChars;
    private final AtomicLong queuedChars = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private Thread writer;

    DailyRecorder(RecordingFiles files, int maxLines, long maxChars) {
        this.files = files;
        this.queue = new LinkedBlockingQueue<>(maxLines);
        this.maxQueuedChars = maxChars;
    }

    /**
     * Creates the directory if missing and starts the writer thread; no file is created before the first response.
     *
     * @throws IllegalArgumentException when {@code config.dir()} cannot be created or is not a writable directory
     */
    public static DailyRecorder start(RecordConfig config, Clock clock) {
        try {
            Files.createDirectories(config.dir());
        } catch (IOException e) {
            throw new IllegalArgumentException(config.dir() + " is not a writable directory and cannot be created: "
                    + e, e);
        }
        if (!Files.isWritable(config.dir())) {
            throw new IllegalArgumentException(config.dir() + " is not a writable directory");
        }
        DailyRecorder r = new DailyRecorder(new RecordingFiles(config.dir(), config.maxBytes(), clock, PAUSE,
                RecordingFiles::create), QUEUE_LINES, QUEUE_CHARS);
        r.startWriter();
        LOG.info("recording upstream responses in {} (at most {} MiB)", config.dir(), config.maxBytes() >> 20);
        return r;
    }

    synchronized void startWriter() {
        if (writer == null && !closed) {
            writer = Thread.ofPlatform().name("recorder").daemon(true).start(this::run);
        }
    }

    @Override
    public void record(Kind kind, Instant capturedAt, String body) {
        if (closed || body == null) {
            return;
        }
        long length = body.length();
        long queued = queuedChars.addAndGet(length);
        // one response larger than the bound still goes when nothing else waits
        boolean fits = queued <= maxQueuedChars || queued == length;
        if (!fits || !queue.offer(new RecordingFiles.Line(kind, capturedAt, body))) {
            queuedChars.addAndGet(-length);
            dropped.incrementAndGet();
        }
    }

    private void run() {
        try {
            while (true) {
                RecordingFiles.Line line = queue.take();
                if (line == STOP) {
                    break;
                }
                queuedChars.addAndGet(-line.body().length());
                files.write(line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            files.close();
        }
    }

    @Override
    public RecorderStats stats() {
        RecorderStats s = files.stats();
        return new RecorderStats(s.currentFile(), s.lines(), s.bytes(), s.dropped() + dropped.get(), s.notJson(),
                s.errors(), s.filesDeleted(), s.pausedUntil());
    }

    @Override
    public void close() {
        Thread w;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            w = writer;
        }
        if (w == null) { // never started (tests): write what is queued here
            RecordingFiles.Line line;
            while ((line = queue.poll()) != null) {
                files.write(line);
            }
            files.close();
            return;
        }
        try {
            if (!queue.offer(STOP, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                w.interrupt();
            }
            w.join(CLOSE_WAIT);
            if (w.isAlive()) {
                LOG.warn("the recorder did not finish writing within {} s; its last file may end cut",
                        CLOSE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RecorderStats s = stats();
        LOG.info("recorder stopped: {} responses recorded ({} bytes), {} dropped, {} not JSON, {} errors, {} old "
                + "files deleted", s.lines(), s.bytes(), s.dropped(), s.notJson(), s.errors(), s.filesDeleted());
    }
}
