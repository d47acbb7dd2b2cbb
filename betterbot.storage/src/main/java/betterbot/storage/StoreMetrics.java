package betterbot.storage;

import java.util.List;
import java.util.Map;

/**
 * Counters and timings of the store since it was opened, for monitoring. Reading them never touches the
 * database, so a scrape works even while the store is busy or closed.
 *
 * @param storedByType new signals committed since open, by type name (duplicates are not counted)
 * @param latency how long callers waited for each kind of operation ({@code read}, {@code write}),
 *                queueing behind other work included: that is the delay an HTTP request or the pipeline sees
 * @param writeFailures write transactions that failed and were rolled back (their callers retry them)
 * @param busyWriteFailures of those, the ones that failed because another process held the database locked
 *                          for longer than the busy timeout
 */
public record StoreMetrics(Map<String, Long> storedByType, Map<String, Latency> latency, long writeFailures,
                           long busyWriteFailures) {
    public StoreMetrics {
        storedByType = Map.copyOf(storedByType);
        latency = Map.copyOf(latency);
    }

    public StoreMetrics(Map<String, Long> storedByType, Map<String, Latency> latency) {
        this(storedByType, latency, 0, 0);
    }

    /**
     * A histogram of operation times, in the shape Prometheus expects.
     *
     * @param bucketBoundsSeconds upper bounds of the finite buckets, ascending
     * @param cumulativeCounts operations that took at most the bound of the same index
     * @param count every operation (the {@code +Inf} bucket)
     * @param sumSeconds their total time
     */
    public record Latency(List<Double> bucketBoundsSeconds, List<Long> cumulativeCounts, long count,
                          double sumSeconds) {
        public Latency {
            bucketBoundsSeconds = List.copyOf(bucketBoundsSeconds);
            cumulativeCounts = List.copyOf(cumulativeCounts);
            if (bucketBoundsSeconds.size() != cumulativeCounts.size()) {
                throw new IllegalArgumentException("one cumulative count per bucket bound");
            }
        }
    }
}
