package betterbot.signals.grading;

/**
 * When sizing switches from the confidence tiers to measured outcomes (see docs/grading.md, Calibrated sizing).
 *
 * @param minGrades settled grades a tier needs before its record replaces the prior (30)
 * @param shrinkage {@code k}, the weight of the market price in pseudo-observations: p = (hits + k·q) / (n + k),
 *                  so a record of n settled grades counts n / (n + k) against the market's k / (n + k) (20)
 */
public record CalibrationConfig(int minGrades, double shrinkage) {

    public CalibrationConfig {
        if (minGrades < 2) {
            throw new IllegalArgumentException("minGrades must be at least 2 (an interval needs two grades), was "
                    + minGrades);
        }
        if (!(shrinkage >= 0) || Double.isInfinite(shrinkage)) {
            throw new IllegalArgumentException("shrinkage must be ≥ 0, was " + shrinkage);
        }
    }

    public static CalibrationConfig defaults() {
        return new CalibrationConfig(30, 20);
    }
}
