package betterbot.signals.sources.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentLagsTest {
    @Test
    void countsWithinEachBoundSinceStartAndQuantilesOfTheRecentOnes() {
        RecentLags lags = new RecentLags();
        assertEquals(0L, lags.counters("lag").get("lag_p99_micros"), "nothing recorded yet");
        for (int i = 1; i <= 100; i++) {
            lags.record(i * 100_000L); // 0.1 ms … 10 ms
        }
        Map<String, Long> c = lags.counters("lag");
        assertEquals(100L, c.get("lag_count"));
        assertEquals(10L, c.get("lag_le_1ms"));
        assertEquals(20L, c.get("lag_le_2ms"));
        assertEquals(50L, c.get("lag_le_5ms"));
        assertEquals(100L, c.get("lag_le_10ms"));
        assertEquals(100L, c.get("lag_le_50ms"));
        assertEquals(5_000L, c.get("lag_p50_micros"));
        assertEquals(9_900L, c.get("lag_p99_micros"));
        assertEquals(10_000L, c.get("lag_max_micros"));
    }

    @Test
    void quantilesForgetOldLagsWhileTheCountsKeepThem() {
        RecentLags lags = new RecentLags();
        lags.record(60_000_000L); // 60 ms: beyond every bound
        for (int i = 0; i < RecentLags.SIZE; i++) {
            lags.record(500_000L);
        }
        Map<String, Long> c = lags.counters("lag");
        assertEquals(RecentLags.SIZE + 1L, c.get("lag_count"));
        assertEquals((long) RecentLags.SIZE, c.get("lag_le_50ms"), "the 60 ms lag is within no bound");
        assertEquals(500L, c.get("lag_max_micros"), "the 60 ms lag has left the recent window");
    }
}
