package betterbot.signals.sources.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one source has been doing, so a user can tell "quiet" from "blind". States: {@code ok} (the last poll
 * succeeded), {@code degraded} (failing, or not yet polled), {@code down} (failing {@code downAfter} times in
 * a row: the circuit is open and the poller only probes on its backoff), {@code disabled} (not configured).
 * A down window runs from the first failure of the streak that brought the source down to the next
 * success; it is reported to a listener when it opens and when it closes, so it can be kept in SQLite.
 * State changes are logged once each, never per failed poll.
 */
final class SourceHealth {
    private static final Logger LOG = LoggerFactory.getLogger(SourceHealth.class);

    /** A window in which a source could not see upstream; {@code end} is null while it lasts. */
    record DownWindow(String source, Instant start, Instant end, String reason) {
    }

    /** A consistent copy of the counters. */
    record Snapshot(String source, String state, long polls, long failures, int consecutiveFailures,
                    long itemsFetched, Instant lastSuccess, Instant lastFailure, String lastError,
                    DownWindow openWindow) {
    }

    private final String source;
    private final boolean enabled;
    private final int downAfter;
    private final Clock clock;
    private final Consumer<DownWindow> windows;

    private long polls;
    private long failures;
    private int consecutiveFailures;
    private long itemsFetched;
    private Instant lastSuccess;
    private Instant lastFailure;
    private Instant streakStart;
    private String lastError;
    private DownWindow openWindow;

    SourceHealth(String source, boolean enabled, int downAfter, Clock clock, Consumer<DownWindow> windows) {
        if (downAfter < 1) {
            throw new IllegalArgumentException("downAfter must be at least 1");
        }
        this.source = source;
        this.enabled = enabled;
        this.downAfter = downAfter;
        this.clock = clock;
        this.windows = windows;
    }

    synchronized void recordSuccess(int items) {
        Instant now = clock.instant();
        String before = state();
        polls++;
        itemsFetched += items;
        lastSuccess = now;
        consecutiveFailures = 0;
        streakStart = null;
        if (openWindow != null) {
            DownWindow closed = new DownWindow(source, openWindow.start(), now, openWindow.reason());
            openWindow = null;
            windows.accept(closed);
        }
        logChange(before);
    }

    synchronized void recordFailure(String message) {
        Instant now = clock.instant();
        String before = state();
        polls++;
        failures++;
        consecutiveFailures++;
        lastFailure = now;
        lastError = message;
        if (streakStart == null) {
            streakStart = now;
        }
        if (consecutiveFailures >= downAfter && openWindow == null) {
            openWindow = new DownWindow(source, streakStart, null, message);
            windows.accept(openWindow);
        }
        logChange(before);
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    synchronized String state() {
        if (!enabled) {
            return "disabled";
        }
        if (consecutiveFailures >= downAfter) {
            return "down";
        }
        return consecutiveFailures == 0 && lastSuccess != null ? "ok" : "degraded";
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(source, state(), polls, failures, consecutiveFailures, itemsFetched, lastSuccess,
                lastFailure, lastError, openWindow);
    }

    private void logChange(String before) {
        String after = state();
        if (before.equals(after)) {
            return;
        }
        switch (after) {
            case "down" -> LOG.warn("source {} is down after {} failures in a row: {}", source, consecutiveFailures,
                    lastError);
            case "degraded" -> LOG.warn("source {} is failing: {}", source, lastError);
            default -> LOG.info("source {} is {}", source, after);
        }
    }
}
