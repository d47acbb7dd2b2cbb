package betterbot.signals.grading;

import java.time.Instant;

/**
 * Which graded outcomes a track record counts: every field is optional (null: no restriction).
 *
 * @param signalType a signal type name such as {@code whale_trade}
 * @param source a source name such as {@code polymarket}
 * @param since only signals detected at or after this time
 * @param minConfidence only signals whose confidence is at least this
 */
public record OutcomeFilter(String signalType, String source, Instant since, Double minConfidence) {
    /** No restriction: every graded outcome of the horizon. */
    public static final OutcomeFilter ALL = new OutcomeFilter(null, null, null, null);
}
