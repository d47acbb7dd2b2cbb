package betterbot.signals.grading;

import java.util.Objects;

/**
 * What calibrated sizing measures separately: a signal type and the confidence bucket of its prior. The bucket
 * stands for the detector's tier: whale trades' USD tiers (0.65, 0.75, 0.85, 0.95) and whale clusters' wallet
 * tiers (0.70, 0.80, 0.90 and 0.95 together) each land in their own bucket, so a tier whose settled record differs
 * from its neighbours' is sized from its own record (see docs/grading.md, Tiers).
 */
public record Tier(String signalType, ConfidenceBucket bucket) {

    public Tier {
        Objects.requireNonNull(signalType, "signal_type");
        Objects.requireNonNull(bucket, "bucket");
    }

    public static Tier of(String signalType, double confidence) {
        return new Tier(signalType, ConfidenceBucket.of(confidence));
    }

    @Override
    public String toString() {
        return signalType + " " + bucket.label();
    }
}
