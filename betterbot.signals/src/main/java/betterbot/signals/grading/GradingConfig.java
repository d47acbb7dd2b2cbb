package betterbot.signals.grading;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the grading loop runs (see docs/grading.md, The grading loop).
 *
 * @param horizons the time horizons every entry is graded at, ascending ({@code GRADE_HORIZONS}, default
 *                 {@code 1h,24h}); settlement is always graded besides
 * @param calibration when sizing switches from the prior tiers to the settled record
 * @param settlementCheckInterval how often the markets of unsettled entries are asked for by id (10 min); the
 *                                price refresh and the history fill run in the same round
 * @param checkpointInterval how often an observation of a watched token is kept although no grade is near due
 *                           (15 min): after a crash the kept observation closest to a due time is never far
 * @param pageSize entries read per {@link GradeBook#pending} page on start (500)
 */
public record GradingConfig(List<Horizon> horizons, CalibrationConfig calibration, Duration settlementCheckInterval,
                            Duration checkpointInterval, int pageSize) {

    public GradingConfig {
        if (horizons == null || horizons.isEmpty()) {
            throw new IllegalArgumentException("horizons must list at least one duration such as 1h");
        }
        if (horizons.stream().anyMatch(h -> h == null || h.isSettlement())) {
            throw new IllegalArgumentException("horizons must be durations (settlement is always graded)");
        }
        if (horizons.stream().distinct().count() != horizons.size()) {
            throw new IllegalArgumentException("horizons must not repeat a duration, were " + horizons);
        }
        horizons = horizons.stream().sorted().toList();
        Objects.requireNonNull(calibration, "calibration");
        positive(settlementCheckInterval, "settlementCheckInterval");
        positive(checkpointInterval, "checkpointInterval");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, was " + pageSize);
        }
    }

    /** Horizons 1 h and 24 h, the default calibration, settlement checks every 10 min, checkpoints every 15 min. */
    public static GradingConfig defaults() {
        return new GradingConfig(Horizon.parseList("1h,24h"), CalibrationConfig.defaults(), Duration.ofMinutes(10),
                Duration.ofMinutes(15), 500);
    }

    public GradingConfig withHorizons(List<Horizon> h) {
        return new GradingConfig(h, calibration, settlementCheckInterval, checkpointInterval, pageSize);
    }

    public GradingConfig withCalibration(CalibrationConfig c) {
        return new GradingConfig(horizons, c, settlementCheckInterval, checkpointInterval, pageSize);
    }

    public GradingConfig withIntervals(Duration settlementCheck, Duration checkpoint) {
        return new GradingConfig(horizons, calibration, settlementCheck, checkpoint, pageSize);
    }

    /**
     * How far from its due time a horizon grade may take its price: half the horizon, so a 1 h grade uses a price
     * from 30 min to 90 min after detection, and a grade never borrows a price closer to another horizon.
     */
    public static Duration tolerance(Horizon horizon) {
        return horizon.duration().dividedBy(2);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }
}
