package betterbot.signals.sources;

import betterbot.signals.SourceStatus;
import betterbot.signals.sources.internal.SourceSet;
import java.time.Clock;
import java.util.List;

/**
 * The upstream sources of the service, each on its own virtual thread: Polymarket markets, books, whale
 * trades and tracked wallets; Hashdive and the Dome-compatible stream when their keys are set. Start them once;
 * close them first on shutdown.
 */
public final class Sources implements AutoCloseable {
    private final SourceSet set;

    private Sources(SourceSet set) {
        this.set = set;
    }

    /** Builds every source and starts the enabled ones. */
    public static Sources start(SourcesConfig config, MarketFeed feed, SourceLedger ledger, Clock clock) {
        SourceSet set = new SourceSet(config, feed, ledger, clock);
        set.start();
        return new Sources(set);
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
