package betterbot.signals.detection.internal;

/**
 * Rounding of computed figures. Prices are decimal strings upstream, so sums of doubles carry binary noise
 * (0.45 + 0.15 = 0.6000000000000001); thresholds compare rounded figures so that a value exactly at a threshold
 * is treated as exactly at it.
 */
final class Figures {
    private Figures() {
    }

    /** Rounded to 9 decimals: far below any tick, far above double noise. */
    static double exact(double v) {
        return Math.round(v * 1e9) / 1e9;
    }

    /** Rounded to 6 decimals, for figures shown to people (ratios, confidences, hours). */
    static double shown(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** Rounded to cents. */
    static double usd(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
