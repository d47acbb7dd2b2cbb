package betterbot.signals.sources;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What the sources must remember across restarts: per trade feed the watermark (newest trade time handed to
 * the pipeline) and the fills already handed over near it, so overlapping polls neither miss nor double a
 * trade; and per source the windows in which it was down (coverage gaps), so "quiet" and "blind" stay
 * distinguishable after the fact. The service keeps it in its SQLite database.
 */
public interface SourceLedger {
    /** A fill handed to the pipeline: its 64-bit fill-key hash and its trade time. */
    record SeenFill(long fillHash, Instant tradeTime) {
    }

    /** A window in which a source could not see upstream; {@code end} is null while it lasts. */
    record CoverageGap(String source, Instant start, Instant end, String reason) {
    }

    /** The feed's watermark, or null before its first trade. */
    Instant watermark(String feed);

    /** Hashes of the feed's fills with a trade time at or after {@code since}. */
    Set<Long> seenFills(String feed, Instant since);

    /**
     * Records fills as handed over, raises the watermark to {@code watermark} and forgets fills older than
     * {@code forgetBefore}; all at once.
     */
    void recordFills(String feed, Collection<SeenFill> fills, Instant watermark, Instant forgetBefore);

    /** Opens (or re-opens) a gap starting at {@code start}. */
    void openGap(String source, Instant start, String reason);

    /** Ends the gap of {@code source} that started at {@code start}. */
    void closeGap(String source, Instant start, Instant end);

    /** Gaps that ended at or after {@code since} or are still open, newest first. */
    List<CoverageGap> gaps(Instant since, int limit);
}
