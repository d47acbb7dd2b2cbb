package betterbot.storage.internal;

import betterbot.storage.StoreMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Operation times in fixed buckets: recording is two atomic adds, so it can sit on the database thread. */
final class LatencyHistogram {
    /** From 100 µs (a cached page) to 2.5 s (far beyond any healthy operation). */
    static final double[] BOUNDS_SECONDS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS_SECONDS.length + 1); // last: beyond all
    private final AtomicLong sumNanos = new AtomicLong();

    void record(long nanos) {
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < BOUNDS_SECONDS.length && seconds > BOUNDS_SECONDS[i]) {
            i++;
        }
        buckets.incrementAndGet(i);
        sumNanos.addAndGet(nanos);
    }

    StoreMetrics.Latency snapshot() {
        List<Double> bounds = new ArrayList<>(BOUNDS_SECONDS.length);
        List<Long> cumulative = new ArrayList<>(BOUNDS_SECONDS.length);
        long running = 0;
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            running += buckets.get(i);
            bounds.add(BOUNDS_SECONDS[i]);
            cumulative.add(running);
        }
        running += buckets.get(BOUNDS_SECONDS.length);
        return new StoreMetrics.Latency(bounds, cumulative, running, sumNanos.get() / 1e9);
    }
}
