package betterbot.signals.grading;

import betterbot.signals.ProbabilitySource;
import java.util.Objects;

/**
 * The win probability to size a position from, and where it came from.
 *
 * @param probability the win probability, 0..1
 * @param source the confidence tier's prior, or calibrated from settled grades
 * @param sampleSize the settled grades of the tier (fewer than the minimum while the source is the prior)
 * @param edgeUnproven true when the tier's settled record shows no edge significantly above zero: such a signal
 *                     gets no position whatever its probability
 */
public record Estimate(double probability, ProbabilitySource source, int sampleSize, boolean edgeUnproven) {

    public Estimate {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("a probability must be within 0..1, was " + probability);
        }
        Objects.requireNonNull(source, "source");
        if (sampleSize < 0) {
            throw new IllegalArgumentException("sample size must be ≥ 0, was " + sampleSize);
        }
    }

    public static Estimate prior(double confidence, int sampleSize) {
        return new Estimate(confidence, ProbabilitySource.PRIOR, sampleSize, false);
    }

    public static Estimate calibrated(double probability, int sampleSize, boolean edgeUnproven) {
        return new Estimate(probability, ProbabilitySource.CALIBRATED, sampleSize, edgeUnproven);
    }
}
