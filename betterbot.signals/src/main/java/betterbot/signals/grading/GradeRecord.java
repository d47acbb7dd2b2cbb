package betterbot.signals.grading;

import java.util.List;

/**
 * The grades the service has made, as readers see them: a signal's grades and the graded outcomes a track record
 * is computed from (see docs/grading.md). Implemented by the store, next to the signals.
 */
public interface GradeRecord {
    /**
     * A signal's grades: one per configured horizon in ascending order, then settlement, each pending or graded;
     * a horizon that was graded under an earlier configuration is listed too, in its order. Empty when the signal
     * is unknown or recommends no side (it is not graded).
     */
    List<Grade> grades(String signalId);

    /** The horizons entries are graded at: the configured time horizons in ascending order, then settlement. */
    List<Horizon> horizons();

    /** The graded outcomes of one horizon that pass the filter, oldest signal first. */
    List<GradedOutcome> outcomes(Horizon horizon, OutcomeFilter filter);
}
