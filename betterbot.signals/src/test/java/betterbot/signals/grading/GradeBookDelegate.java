package betterbot.signals.grading;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** A grade book passing every call to another; tests override the calls they make slow or failing. */
class GradeBookDelegate implements GradeBook {
    private final GradeBook inner;

    GradeBookDelegate(GradeBook inner) {
        this.inner = inner;
    }

    @Override
    public List<PendingEntry> pending(int offset, int limit) {
        return inner.pending(offset, limit);
    }

    @Override
    public void observe(PriceObservation observation) {
        inner.observe(observation);
    }

    @Override
    public List<PriceObservation> observations(Collection<String> tokens, Instant from, Instant to) {
        return inner.observations(tokens, from, to);
    }

    @Override
    public void record(String signalId, Grade grade) {
        inner.record(signalId, grade);
    }

    @Override
    public void recordAll(List<Made> grades) {
        inner.recordAll(grades);
    }

    @Override
    public List<Grade> grades(String signalId) {
        return inner.grades(signalId);
    }

    @Override
    public List<Horizon> horizons() {
        return inner.horizons();
    }

    @Override
    public List<GradedOutcome> outcomes(Horizon horizon, OutcomeFilter filter) {
        return inner.outcomes(horizon, filter);
    }
}
