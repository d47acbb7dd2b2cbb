package betterbot.signals.grading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Win probabilities measured from settled grades, tier by tier (see docs/grading.md, Calibrated sizing). An
 * immutable snapshot: build a new one as grades settle.
 *
 * <ul>
 *   <li>A tier with fewer than {@code minGrades} settled grades keeps its prior: the signal's own confidence.</li>
 *   <li>With n ≥ {@code minGrades} settled grades and h hits, the probability of a side the market prices at q is
 *       p = (h + k·q) / (n + k): the record shrunk toward the market price, the more the fewer grades.</li>
 *   <li>The tier's edge is its mean settlement return per dollar; when the lower bound of that mean's 95 % interval
 *       is not above zero the edge is unproven and the signal gets no position, whatever p says.</li>
 * </ul>
 */
public final class CalibratedWinProbabilities implements WinProbabilities {
    private final CalibrationConfig config;
    private final Map<Tier, TierRecord> records;

    private CalibratedWinProbabilities(CalibrationConfig config, Map<Tier, TierRecord> records) {
        this.config = config;
        this.records = Map.copyOf(records);
    }

    /** The probabilities measured from {@code settled}: the settlement outcomes of earlier signals. */
    public static CalibratedWinProbabilities from(List<GradedOutcome> settled, CalibrationConfig config) {
        Map<Tier, List<GradedOutcome>> byTier = new HashMap<>();
        for (GradedOutcome o : settled) {
            byTier.computeIfAbsent(o.tier(), t -> new ArrayList<>()).add(o);
        }
        Map<Tier, TierRecord> records = new HashMap<>();
        byTier.forEach((tier, outcomes) -> records.put(tier, TierRecord.of(outcomes)));
        return new CalibratedWinProbabilities(config, records);
    }

    @Override
    public Estimate estimate(Tier tier, double confidence, double marketPrice) {
        TierRecord r = records.get(tier);
        if (r == null || r.graded < config.minGrades()) {
            return Estimate.prior(confidence, r == null ? 0 : r.graded);
        }
        double k = config.shrinkage();
        double p = (r.hits + k * marketPrice) / (r.graded + k);
        return Estimate.calibrated(p, r.graded, !(r.returnLowerBound > 0));
    }

    /** A tier's settled record: its count, hits and the lower 95 % bound of its mean return. */
    private record TierRecord(int graded, int hits, double returnLowerBound) {
        static TierRecord of(List<GradedOutcome> outcomes) {
            int hits = 0;
            List<Double> returns = new ArrayList<>(outcomes.size());
            for (GradedOutcome o : outcomes) {
                hits += o.hit() ? 1 : 0;
                returns.add(o.returnPerDollar());
            }
            Interval interval = Statistics.meanInterval(returns);
            return new TierRecord(outcomes.size(), hits, interval == null ? Double.NaN : interval.low());
        }
    }
}
