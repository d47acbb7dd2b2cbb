package betterbot.signals.sources.internal;

import betterbot.signals.market.Trade;
import betterbot.signals.sources.MarketFeed;
import betterbot.signals.sources.SourceLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Exactly-once delivery of one trade feed across overlapping polls and restarts. Upstream trades carry no id
 * and a poll boundary is never exact, so each poll reaches {@code overlap} behind the watermark and drops
 * fills already handed over (by their fill-key hash, which includes the outcome token). The watermark and the
 * fills near it live in the {@link SourceLedger}, so a restart neither repeats nor skips a trade. Not
 * thread-safe: one poller owns it.
 */
final class TradeWindow {
    private final String feed;
    private final Duration overlap;
    private final SourceLedger ledger;
    private Instant watermark;
    private Set<Long> seen;

    TradeWindow(String feed, Duration overlap, SourceLedger ledger) {
        this.feed = feed;
        this.overlap = overlap;
        this.ledger = ledger;
    }

    /** Trades at or after this time are wanted; null before the feed's first trade (take the newest page). */
    Instant reachBackTo() {
        load();
        return watermark == null ? null : watermark.minus(overlap);
    }

    /**
     * Hands the trades not handed over before to the pipeline, oldest first, and commits them once it took
     * them: every trade source delivers through here. When the pipeline throws, nothing is committed and the
     * same trades are fresh again next time.
     *
     * @return how many trades were handed over
     */
    int deliver(List<Trade> fetched, MarketFeed feed, Instant capturedAt) {
        List<Trade> fresh = fresh(fetched);
        if (!fresh.isEmpty()) {
            feed.onTrades(fresh, capturedAt);
            commit(fresh);
        }
        return fresh.size();
    }

    /** The trades not handed over before, oldest first (duplicates within the fetch dropped too). */
    private List<Trade> fresh(List<Trade> fetched) {
        load();
        Instant from = reachBackTo();
        Set<Long> batch = new HashSet<>();
        List<Trade> out = new ArrayList<>();
        for (Trade t : fetched) {
            if (from != null && t.timestamp().isBefore(from)) {
                continue; // behind the window: handed over in an earlier poll
            }
            long hash = t.fillHash();
            if (!seen.contains(hash) && batch.add(hash)) {
                out.add(t);
            }
        }
        out.sort(Comparator.comparing(Trade::timestamp));
        return out;
    }

    /** Records trades as handed over (after the pipeline took them) and moves the watermark. */
    private void commit(List<Trade> delivered) {
        if (delivered.isEmpty()) {
            return;
        }
        load();
        Instant newest = delivered.stream().map(Trade::timestamp).max(Comparator.naturalOrder()).orElseThrow();
        Instant mark = watermark == null || newest.isAfter(watermark) ? newest : watermark;
        Instant forgetBefore = mark.minus(overlap).minus(overlap);
        List<SourceLedger.SeenFill> fills = delivered.stream()
                .map(t -> new SourceLedger.SeenFill(t.fillHash(), t.timestamp())).toList();
        ledger.recordFills(feed, fills, mark, forgetBefore);
        fills.forEach(f -> seen.add(f.fillHash()));
        watermark = mark;
        if (seen.size() > 50_000) {
            seen = ledger.seenFills(feed, forgetBefore); // keep memory flat on a busy feed
        }
    }

    private void load() {
        if (seen == null) {
            watermark = ledger.watermark(feed);
            seen = watermark == null ? new HashSet<>()
                    : new HashSet<>(ledger.seenFills(feed, watermark.minus(overlap).minus(overlap)));
        }
    }
}
