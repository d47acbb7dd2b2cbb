package betterbot.signals.grading;

/** A 95 % confidence interval. */
public record Interval(double low, double high) {
}
