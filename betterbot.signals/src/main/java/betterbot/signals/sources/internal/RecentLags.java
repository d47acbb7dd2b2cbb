package betterbot.signals.sources.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lags of one kind (the market stream's frame arrival → the signals it opened committed), for the source's counters:
 * cumulative counts at a few bounds since start (they only grow, so two readings subtract to a window's share within
 * a bound) and quantiles of the last {@link #SIZE} lags. Recording is a few array stores under a lock that only
 * readers of the counters contend for.
 */
final class RecentLags {
    static final int SIZE = 2048;
    /** The bounds of the cumulative counts, in milliseconds. */
    static final int[] BOUNDS_MILLIS = {1, 2, 5, 10, 50};

    private final long[] recent = new long[SIZE];
    private final long[] within = new long[BOUNDS_MILLIS.length];
    private long count;

    synchronized void record(long lagNanos) {
        recent[(int) (count % SIZE)] = lagNanos;
        count++;
        for (int i = BOUNDS_MILLIS.length - 1; i >= 0 && lagNanos <= BOUNDS_MILLIS[i] * 1_000_000L; i--) {
            within[i]++;
        }
    }

    /**
     * The counters under {@code prefix}: {@code _count} recorded since start, {@code _le_<n>ms} of them within n ms,
     * and {@code _p50_micros}, {@code _p99_micros}, {@code _max_micros} of the recent ones (0 while none).
     */
    synchronized void addTo(Map<String, Long> out, String prefix) {
        out.put(prefix + "_count", count);
        for (int i = 0; i < BOUNDS_MILLIS.length; i++) {
            out.put(prefix + "_le_" + BOUNDS_MILLIS[i] + "ms", within[i]);
        }
        int n = (int) Math.min(count, SIZE);
        long[] sorted = Arrays.copyOf(recent, n);
        Arrays.sort(sorted);
        out.put(prefix + "_p50_micros", quantile(sorted, 0.5) / 1_000);
        out.put(prefix + "_p99_micros", quantile(sorted, 0.99) / 1_000);
        out.put(prefix + "_max_micros", quantile(sorted, 1) / 1_000);
    }

    /** For tests: the counters alone. */
    Map<String, Long> counters(String prefix) {
        Map<String, Long> out = new LinkedHashMap<>();
        addTo(out, prefix);
        return out;
    }

    private static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
    }
}
