package betterbot.signals.grading;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Grades an entry from an observed value, with no state and no clock: return = value / entry − 1, hit = a
 * positive return (at settlement: the side won), P&amp;L = size × return (see docs/grading.md).
 */
public final class Grader {
    private Grader() {
    }

    /**
     * The grade of an entry at a time horizon from one observation of its tokens' prices.
     *
     * @throws IllegalArgumentException if the horizon is settlement or the observation lacks a holding's price
     */
    public static Grade atHorizon(Entry entry, Horizon horizon, PriceObservation observation, Instant gradedAt) {
        if (horizon.isSettlement()) {
            throw new IllegalArgumentException("settlement is graded from a resolution, not a price");
        }
        if (!observation.covers(entry)) {
            throw new IllegalArgumentException("the observation at " + observation.observedAt()
                    + " lacks a price of a token of " + entry.signalId());
        }
        double value = 0;
        for (Holding h : entry.holdings()) {
            value += h.valueAt(observation.prices().get(h.assetId()));
        }
        double ret = returnOf(entry, value);
        return graded(entry, horizon, entry.detectedAt().plus(horizon.duration()), gradedAt,
                observation.observedAt(), value, ret, ret > 0);
    }

    /**
     * The settlement grade of an entry: each holding is worth 1 if it won and 0 if it lost (a NegRisk set pays
     * exactly one leg). Its due time is the resolution.
     *
     * @throws IllegalArgumentException if the settlement does not say how a holding's token resolved
     */
    public static Grade atSettlement(Entry entry, Settlement settlement, Instant gradedAt) {
        if (!settlement.covers(entry)) {
            throw new IllegalArgumentException("the settlement does not resolve every token of " + entry.signalId());
        }
        double value = 0;
        for (Holding h : entry.holdings()) {
            value += h.valueAtSettlement(settlement.won().get(h.assetId()));
        }
        double ret = returnOf(entry, value);
        // one holding: a positive return is exactly "the side won"; a set wins when its paying leg covers its cost
        return graded(entry, Horizon.SETTLEMENT, settlement.resolvedAt(), gradedAt, settlement.resolvedAt(), value,
                ret, ret > 0);
    }

    /**
     * The observation a horizon is graded from: of those that price every holding, the one closest to the due time
     * (the earlier on a tie), and not further from it than {@code tolerance}. Empty when none qualifies.
     */
    public static Optional<PriceObservation> closest(Entry entry, Horizon horizon, List<PriceObservation> observations,
                                                     Duration tolerance) {
        Instant due = entry.detectedAt().plus(horizon.duration());
        PriceObservation best = null;
        Duration bestGap = null;
        for (PriceObservation o : observations) {
            Duration gap = Duration.between(o.observedAt(), due).abs();
            if (!o.covers(entry) || gap.compareTo(tolerance) > 0) {
                continue;
            }
            boolean closer = bestGap == null || gap.compareTo(bestGap) < 0
                    || gap.equals(bestGap) && o.observedAt().isBefore(best.observedAt());
            if (closer) {
                best = o;
                bestGap = gap;
            }
        }
        return Optional.ofNullable(best);
    }

    private static double returnOf(Entry entry, double value) {
        return round(value / entry.price() - 1);
    }

    private static Grade graded(Entry entry, Horizon horizon, Instant due, Instant gradedAt, Instant observedAt,
                                double value, double ret, boolean hit) {
        Double pnl = entry.sizeUsd() == null ? null : Math.round(entry.sizeUsd() * ret * 100) / 100.0;
        return new Grade(horizon, Grade.State.GRADED, due, gradedAt, observedAt, round(value), ret, hit, pnl);
    }

    /** Nine decimals: drops the noise of binary fractions without touching a price's ticks. */
    private static double round(double v) {
        return Math.round(v * 1e9) / 1e9;
    }
}
