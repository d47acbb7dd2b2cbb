package betterbot.signals.grading;

import java.util.List;

/**
 * The interval estimates of the track record and of calibrated sizing, all at 95 % (see docs/grading.md).
 */
public final class Statistics {
    /** The two-sided 95 % normal quantile. */
    public static final double Z95 = 1.96;

    /** Student's t two-sided 95 % quantiles for 1..30 degrees of freedom. */
    private static final double[] T95 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    private Statistics() {
    }

    /**
     * The Wilson score interval of a proportion of {@code hits} in {@code n}: unlike the normal interval it stays
     * within 0..1 and is honest for small samples and rates near 0 or 1.
     */
    public static Interval wilson(int hits, int n) {
        if (n <= 0 || hits < 0 || hits > n) {
            throw new IllegalArgumentException(hits + " hits of " + n + " is not a proportion");
        }
        double p = (double) hits / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = Z95 / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * The 95 % interval of a mean, mean ± t × s / √n with Student's t at n − 1 degrees of freedom (returns per
     * dollar are far from normal for a handful of grades; t widens the interval for them). Null under two values,
     * whose spread is unknown.
     */
    public static Interval meanInterval(List<Double> values) {
        int n = values.size();
        if (n < 2) {
            return null;
        }
        double mean = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double half = t95(n - 1) * Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
        return new Interval(mean - half, mean + half);
    }

    public static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    /**
     * Student's t two-sided 95 % quantile: the table to 30 degrees of freedom, then the Cornish–Fisher expansion
     * z + (z³ + z) / 4ν + (5z⁵ + 16z³ + 3z) / 96ν², within 0.001 of the exact value there.
     */
    static double t95(int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degrees of freedom must be positive, was " + degreesOfFreedom);
        }
        if (degreesOfFreedom <= T95.length) {
            return T95[degreesOfFreedom - 1];
        }
        double z = Z95;
        double v = degreesOfFreedom;
        return z + (z * z * z + z) / (4 * v) + (5 * Math.pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * v * v);
    }
}
