package betterbot.signals.sources.internal;

import betterbot.signals.SourceStatus;
import betterbot.signals.sources.SourceLedger.CoverageGap;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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


    private final String source;
    private final boolean enabled;
    private final int downAfter;
    private final Clock clock;
    private final Consumer<CoverageGap> windows;

    private long polls;
    private long failures;
    private int consecutiveFailures;
    private long itemsFetched;
    private long itemsSkipped;
    private boolean waiting;
    private boolean partial;
    private String drift;
    private volatile java.util.function.Supplier<java.util.Map<String, Long>> counters = java.util.Map::of;
    private long failedRequests;
    private Instant lastSuccess;
    private Instant streakStart;
    private String lastError;
    private CoverageGap openWindow;
    private final List<String> secrets;
    static final int MAX_REASON = 160;
    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("'[^']*'|\"[^\"]*\"");

    SourceHealth(String source, boolean enabled, int downAfter, Clock clock, Consumer<CoverageGap> windows) {
        this(source, enabled, downAfter, clock, windows, List.of());
    }

    /** @param secrets values (API keys) that a failure's message must never carry to /health or a log */
    SourceHealth(String source, boolean enabled, int downAfter, Clock clock, Consumer<CoverageGap> windows,
                 List<String> secrets) {
        if (downAfter < 1) {
            throw new IllegalArgumentException("downAfter must be at least 1");
        }
        this.source = source;
        this.enabled = enabled;
        this.downAfter = downAfter;
        this.clock = clock;
        this.windows = windows;
        this.secrets = secrets.stream().filter(k -> k != null && !k.isBlank()).toList();
    }

    /**
     * What may be shown of a failure without a token ({@code /health}, coverage gaps) and logged: secrets
     * replaced by {@code ***}, text quoted from an upstream answer (parsers quote the tokens they choke on)
     * replaced by {@code '…'}, one line of at most {@value #MAX_REASON} characters.
     */
    static String publicReason(String message, List<String> secrets) {
        if (message == null) {
            return null;
        }
        String m = message;
        for (String secret : secrets) {
            m = m.replace(secret, "***");
        }
        m = QUOTED.matcher(m).replaceAll("'…'").replaceAll("\\s+", " ").strip();
        return m.length() > MAX_REASON ? m.substring(0, MAX_REASON - 1) + "…" : m;
    }

    synchronized void recordSuccess(int items) {
        Instant now = clock.instant();
        String before = state();
        polls++;
        itemsFetched += items;
        lastSuccess = now;
        waiting = false;
        partial = false;
        consecutiveFailures = 0;
        streakStart = null;
        if (openWindow != null) {
            CoverageGap closed = new CoverageGap(source, openWindow.start(), now, openWindow.reason());
            openWindow = null;
            windows.accept(closed);
        }
        logChange(before);
    }

    /**
     * A poll that delivered what most of its requests fetched while {@code failed} of them failed: upstream
     * answers, so the source is not down (any down window closes), but it is degraded until a poll succeeds
     * in full.
     */
    synchronized void recordPartial(int items, int failed, String message) {
        recordSuccess(items);
        String before = state();
        partial = true;
        failedRequests += failed;
        lastError = publicReason(message, secrets);
        logChange(before);
    }

    /**
     * Trades the poll could not reach (beyond the upstream's offset cap): a window of the feed that is known to
     * be missing, kept as a closed coverage gap.
     */
    void recordGap(Instant start, Instant end, String reason) {
        windows.accept(new CoverageGap(source, start, null, reason));
        windows.accept(new CoverageGap(source, start, end, reason));
    }

    synchronized void recordFailure(String failure) {
        String message = publicReason(failure, secrets);
        Instant now = clock.instant();
        String before = state();
        polls++;
        failures++;
        consecutiveFailures++;
        lastError = message;
        if (streakStart == null) {
            streakStart = now;
        }
        if (consecutiveFailures >= downAfter && openWindow == null) {
            openWindow = new CoverageGap(source, streakStart, null, message);
            windows.accept(openWindow);
        }
        logChange(before);
    }

    /**
     * The source could not poll because another source has not delivered yet (books need markets): it is
     * degraded, honestly blind, but not failing, so its backoff does not grow.
     */
    synchronized void recordWaiting(String reason) {
        String before = state();
        polls++;
        waiting = true;
        lastError = publicReason(reason, secrets);
        logChange(before);
    }

    /** Counts malformed upstream items that were left out (a poll with some is still a success). */
    synchronized void recordSkipped(int items) {
        itemsSkipped += items;
    }

    /** Requests that failed inside polls that still delivered (events, books batches, wallets). */
    synchronized long failedRequests() {
        return failedRequests;
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /**
     * What the source delivers is known to drift from the truth (the market stream's books from REST): degraded,
     * with the reason, until a call with null says it agrees again.
     */
    synchronized void recordDrift(String reason) {
        String before = state();
        drift = reason == null ? null : publicReason(reason, secrets);
        if (drift != null) {
            lastError = drift;
        }
        logChange(before);
    }

    synchronized String state() {
        if (!enabled) {
            return "disabled";
        }
        if (consecutiveFailures >= downAfter) {
            return "down";
        }
        return consecutiveFailures == 0 && lastSuccess != null && !waiting && !partial && drift == null ? "ok"
                : "degraded";
    }

    /** What only this source counts, read at every status (the market stream's books, say). */
    void counters(java.util.function.Supplier<java.util.Map<String, Long>> c) {
        counters = c;
    }

    SourceStatus status() {
        java.util.Map<String, Long> extra = counters.get(); // outside this lock: the source takes its own
        synchronized (this) {
            return new SourceStatus(source, SourceStatus.State.valueOf(state().toUpperCase(java.util.Locale.ROOT)),
                    polls, failures, consecutiveFailures, itemsFetched, itemsSkipped, lastSuccess, lastError, extra);
        }
    }

    /** The open down window, or null. */
    synchronized CoverageGap openWindow() {
        return openWindow;
    }

    String source() {
        return source;
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
