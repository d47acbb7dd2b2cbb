package betterbot.signals.sources;

import betterbot.signals.SourceStatus;
import betterbot.signals.grading.Grading;
import betterbot.signals.sources.internal.SourceSet;
import java.time.Clock;
import java.util.List;

/**
 * The upstream sources of the service, each on its own virtual thread: Polymarket markets, books, whale
 * trades and tracked wallets; Hashdive and the Dome-compatible stream when their keys are set. Created first,
 * so their health can be reported before they run (enabled ones with no poll yet, the others disabled), then
 * started once; closed first on shutdown.
 */
public final class Sources implements AutoCloseable {
    private final SourceSet set;

    private Sources(SourceSet set) {
        this.set = set;
    }

    /** Builds every source; none runs until {@link #start()}. */
    public static Sources create(SourcesConfig config, MarketFeed feed, SourceLedger ledger, Clock clock) {
        return create(config, feed, ledger, clock, Recorder.OFF);
    }

    /**
     * Builds every source, recording every response they parse with {@code recorder}; none runs until
     * {@link #start()}. The recorder stays the caller's to close, after the sources.
     */
    public static Sources create(SourcesConfig config, MarketFeed feed, SourceLedger ledger, Clock clock,
                                 Recorder recorder) {
        return new Sources(new SourceSet(config, feed, ledger, clock, recorder, null));
    }

    /**
     * Builds every source and the grading loop's targeted requests: the markets of unsettled entries by id and the
     * price history of grades without an observation (source {@code polymarket-grading}, see docs/grading.md).
     * {@code feed} is normally {@code grading.observing(pipeline)}.
     */
    public static Sources create(SourcesConfig config, MarketFeed feed, SourceLedger ledger, Clock clock,
                                 Grading grading) {
        return create(config, feed, ledger, clock, Recorder.OFF, grading);
    }

    /** Builds every source with a recorder and the grading loop's targeted requests (both as above). */
    public static Sources create(SourcesConfig config, MarketFeed feed, SourceLedger ledger, Clock clock,
                                 Recorder recorder, Grading grading) {
        return new Sources(new SourceSet(config, feed, ledger, clock, recorder,
                java.util.Objects.requireNonNull(grading, "grading")));
    }

    /** Starts the enabled sources, each on its own virtual thread; a second call does nothing. */
    public void start() {
        set.start();
    }

    /** How each source is doing, disabled ones included. */
    public List<SourceStatus> statuses() {
        return set.statuses();
    }

    /** Stops every poller and stream; returns when their threads have ended (or after a short grace). */
    @Override
    public void close() {
        set.close();
    }
}
