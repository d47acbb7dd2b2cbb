package betterbot.signals.grading;

import java.util.Map;

/**
 * What the grading loop has done since it started, for health and metrics.
 *
 * @param indexedEntries entries watched now (with a grade still to make)
 * @param observationsKept price observations written to the grade book
 * @param gradesByHorizon grades recorded, by horizon wire name ({@code 1h}, {@code settlement}...)
 * @param settlements tokens seen resolved
 * @param historyFills horizon grades made from {@code /prices-history} points
 * @param failures grade-book calls that failed (each cost only its entry or observation)
 * @param skipped malformed items skipped (a market whose prices do not match its tokens, a bad history point)
 */
public record GradingStats(int indexedEntries, long observationsKept, Map<String, Long> gradesByHorizon,
                           long settlements, long historyFills, long failures, long skipped) {
    public GradingStats {
        gradesByHorizon = Map.copyOf(gradesByHorizon);
    }
}
