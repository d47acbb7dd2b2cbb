package betterbot.signals.grading;

import java.util.ArrayList;
import java.util.List;

/**
 * The track record of one signal type at one horizon. Every figure but the counts is null when nothing is graded,
 * and the intervals are null when they cannot be estimated (the mean return's under two grades).
 *
 * @param graded how many signals are graded
 * @param hitRate hits / graded
 * @param hitRateInterval the Wilson 95 % interval of the hit rate
 * @param meanReturn the mean return per dollar
 * @param meanReturnInterval the 95 % interval of the mean return (Student's t)
 * @param brier the mean of (confidence − outcome)², outcome 1 for a hit and 0 for a miss: 0 is perfect, 0.25 is
 *              what always saying 0.5 scores
 * @param sized how many of the graded signals had a recommended size
 * @param totalPnlUsd the P&amp;L of the sized signals together, null when none was sized
 * @param calibration one row per confidence bucket, empty buckets included
 */
public record Performance(String signalType, int graded, int hits, Double hitRate, Interval hitRateInterval,
                          Double meanReturn, Interval meanReturnInterval, Double brier, int sized,
                          Double totalPnlUsd, List<CalibrationRow> calibration) {

    public Performance {
        calibration = List.copyOf(calibration);
    }

    /** The track record of {@code outcomes}, all of type {@code signalType} and of one horizon. */
    public static Performance of(String signalType, List<GradedOutcome> outcomes) {
        int n = outcomes.size();
        List<CalibrationRow> calibration = calibration(outcomes);
        if (n == 0) {
            return new Performance(signalType, 0, 0, null, null, null, null, null, 0, null, calibration);
        }
        int hits = 0;
        int sized = 0;
        double pnl = 0;
        double brier = 0;
        List<Double> returns = new ArrayList<>(n);
        for (GradedOutcome o : outcomes) {
            hits += o.hit() ? 1 : 0;
            double miss = o.confidence() - (o.hit() ? 1 : 0);
            brier += miss * miss;
            returns.add(o.returnPerDollar());
            if (o.pnlUsd() != null) {
                sized++;
                pnl += o.pnlUsd();
            }
        }
        return new Performance(signalType, n, hits, (double) hits / n, Statistics.wilson(hits, n),
                Statistics.mean(returns), Statistics.meanInterval(returns), brier / n, sized,
                sized == 0 ? null : Math.round(pnl * 100) / 100.0, calibration);
    }

    private static List<CalibrationRow> calibration(List<GradedOutcome> outcomes) {
        List<CalibrationRow> rows = new ArrayList<>(ConfidenceBucket.ALL.size());
        for (ConfidenceBucket b : ConfidenceBucket.ALL) {
            int graded = 0;
            int hits = 0;
            for (GradedOutcome o : outcomes) {
                if (ConfidenceBucket.of(o.confidence()).equals(b)) {
                    graded++;
                    hits += o.hit() ? 1 : 0;
                }
            }
            rows.add(new CalibrationRow(b.low(), b.high(), graded, graded == 0 ? null : (double) hits / graded));
        }
        return rows;
    }
}
