package betterbot.signals.sources.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th consecutive failure waits a random time in
 * [base/2, base] where base = min(initial × 2^(n-1), max). Jitter keeps several pollers (or several
 * BetterBot instances) from retrying in lockstep against a throttled upstream. Push delivery retries with it too.
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
    }

    /** The wait after {@code failures} consecutive failures (1 for the first). */
    public Duration delay(int failures, RandomGenerator random) {
        long initialMs = initial.toMillis();
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long base = Math.min(initialMs << shift, max.toMillis());
        if ((initialMs << shift) >>> shift != initialMs) {
            base = max.toMillis(); // overflowed
        }
        long low = Math.max(1, base / 2);
        return Duration.ofMillis(low + random.nextLong(base - low + 1));
    }
}
