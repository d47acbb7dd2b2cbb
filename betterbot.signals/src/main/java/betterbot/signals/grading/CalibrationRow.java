package betterbot.signals.grading;

/**
 * One row of a calibration table: of the graded signals whose confidence fell in a bucket, the share that hit.
 * A calibrated forecast's observed frequency lies within its bucket.
 *
 * @param observedFrequency hits / graded, or null when nothing in the bucket is graded
 */
public record CalibrationRow(double confidenceLow, double confidenceHigh, int graded, Double observedFrequency) {
}
