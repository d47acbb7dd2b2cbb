package betterbot.storage.internal;

import static betterbot.storage.internal.TestSignals.T0;
import static betterbot.storage.internal.TestSignals.spread;
import static betterbot.storage.internal.TestSignals.whale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.storage.StoreConfig;
import betterbot.storage.StoreMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's monitoring figures and the 24-hour count behind {@code /api/stats}. */
class StoreMetricsTest {
    @TempDir
    Path dir;
    Path db;
    SqliteSignalStore store;

    @BeforeEach
    void open() {
        db = dir.resolve("metrics.db");
        store = SqliteSignalStore.open(new StoreConfig(db));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void newRowsAreCountedByTypeAndDuplicatesAreNot() {
        assertEquals(Map.of(), store.metrics().storedByType());
        store.storeAll(List.of(whale(1), whale(2), spread(3, "m")));
        store.storeAll(List.of(whale(1), whale(4))); // whale 1 again: not new
        store.store(spread(3, "m"));
        assertEquals(Map.of("whale_trade", 3L, "wide_spread", 1L), store.metrics().storedByType());
    }

    @Test
    void everyReadAndWriteIsTimedInCumulativeBuckets() {
        StoreMetrics.Latency readsBefore = store.metrics().latency().get("read");
        store.store(whale(1));
        store.storeAll(List.of(whale(2), whale(3)));
        StoreFixtures.newest(store, 10);
        store.get("whale_trade:1");
        store.countSince(T0);
        StoreMetrics m = store.metrics();
        StoreMetrics.Latency writes = m.latency().get("write");
        StoreMetrics.Latency reads = m.latency().get("read");
        assertEquals(2, writes.count(), "one per write call, however many rows");
        assertEquals(readsBefore.count() + 3, reads.count());
        assertTrue(writes.sumSeconds() > 0 && reads.sumSeconds() > 0);
        for (StoreMetrics.Latency l : List.of(reads, writes)) {
            assertEquals(LatencyHistogram.BOUNDS_SECONDS.length, l.bucketBoundsSeconds().size());
            long previous = 0;
            for (long c : l.cumulativeCounts()) {
                assertTrue(c >= previous, "cumulative: " + l.cumulativeCounts());
                previous = c;
            }
            assertTrue(previous <= l.count());
        }
    }

    @Test
    void histogramBucketsHoldTheirBoundsInclusive() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(100_000);      // exactly 100 µs: the first bucket
        h.record(100_001);      // just above: the second
        h.record(10_000_000_000L); // 10 s: beyond every finite bucket
        StoreMetrics.Latency l = h.snapshot();
        assertEquals(1, l.cumulativeCounts().get(0));
        assertEquals(2, l.cumulativeCounts().get(1));
        assertEquals(2, l.cumulativeCounts().get(l.cumulativeCounts().size() - 1));
        assertEquals(3, l.count());
        assertEquals(10.000200001, l.sumSeconds(), 1e-9);
    }

    @Test
    void countSinceCountsSignalsDetectedAtOrAfterTheInstant() {
        store.storeAll(List.of(whale(1), whale(2), whale(3), spread(4, "m")));
        assertEquals(4, store.countSince(T0));
        assertEquals(2, store.countSince(T0.plusSeconds(3)));
        assertEquals(0, store.countSince(T0.plusSeconds(5)));
    }
}
