package betterbot.signals.grading;

import java.util.List;

/**
 * A range of confidence used by the calibration table and as the tier of calibrated sizing: below 0.5, then
 * tenths from 0.5 to 1.0. The lower bound is included, the upper bound excluded except for the last (1.0 belongs
 * to 0.9–1.0). Tenths above 0.5 separate every confidence tier of the whale and cluster detectors; tracked-wallet
 * confidences are continuous and fall into the tenth they are in.
 */
public record ConfidenceBucket(double low, double high) {
    /** Every bucket, in ascending order. */
    public static final List<ConfidenceBucket> ALL = List.of(new ConfidenceBucket(0.0, 0.5),
            new ConfidenceBucket(0.5, 0.6), new ConfidenceBucket(0.6, 0.7), new ConfidenceBucket(0.7, 0.8),
            new ConfidenceBucket(0.8, 0.9), new ConfidenceBucket(0.9, 1.0));

    /** The bucket of a confidence in 0..1. */
    public static ConfidenceBucket of(double confidence) {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be within 0..1, was " + confidence);
        }
        for (ConfidenceBucket b : ALL) {
            // a tiny allowance so that 0.7 computed as 0.6999999999999999 still lands in 0.7–0.8
            if (confidence < b.high - 1e-9) {
                return b;
            }
        }
        return ALL.get(ALL.size() - 1);
    }

    /** e.g. {@code 0.7-0.8}. */
    public String label() {
        return low + "-" + high;
    }
}
