package betterbot.signals.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerformanceTest {

    /** Ten whale trades bought at 0.50: five at 0.65 (three hits), five at 0.95 (four hits); the first four sized. */
    static List<GradedOutcome> tenWhaleTrades() {
        boolean[] hits = {true, true, true, false, false, true, true, true, true, false};
        List<GradedOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < hits.length; i++) {
            double ret = hits[i] ? 1.0 : -1.0;
            outcomes.add(new GradedOutcome("whale_trade", i < 5 ? 0.65 : 0.95, 0.5, ret, hits[i],
                    i < 4 ? 100 * ret : null));
        }
        return outcomes;
    }

    @Test
    void wilsonIntervalOfSevenHitsInTen() {
        Interval i = Statistics.wilson(7, 10);
        assertEquals(0.3968, i.low(), 5e-5);
        assertEquals(0.8922, i.high(), 5e-5);
    }

    @Test
    void wilsonStaysWithinZeroAndOne() {
        Interval none = Statistics.wilson(0, 10);
        assertEquals(0.0, none.low());
        assertEquals(0.2775, none.high(), 5e-5);
        assertEquals(0.7225, Statistics.wilson(10, 10).low(), 5e-5);
    }

    @Test
    void meanIntervalUsesStudentsT() {
        // mean 0, s = √(1.375 / 3) = 0.6770, t(3) = 3.182: ± 3.182 × 0.6770 / 2
        Interval i = Statistics.meanInterval(List.of(0.5, -1.0, 0.25, 0.25));
        assertEquals(-1.0771, i.low(), 5e-5);
        assertEquals(1.0771, i.high(), 5e-5);
        assertNull(Statistics.meanInterval(List.of(0.5)), "one value has no spread");
    }

    @Test
    void tQuantilesBeyondTheTableFollowTheExpansion() {
        assertEquals(2.042, Statistics.t95(30));
        assertEquals(2.0227, Statistics.t95(39), 5e-4);
        assertEquals(2.0003, Statistics.t95(60), 5e-4);
        assertEquals(1.9799, Statistics.t95(120), 5e-4);
    }

    @Test
    void theTrackRecordOfATypeFromHandComputedFigures() {
        Performance p = Performance.of("whale_trade", tenWhaleTrades());
        assertEquals(10, p.graded());
        assertEquals(7, p.hits());
        assertEquals(0.7, p.hitRate());
        assertEquals(0.3968, p.hitRateInterval().low(), 5e-5);
        assertEquals(0.8922, p.hitRateInterval().high(), 5e-5);
        assertEquals(0.4, p.meanReturn(), 1e-12);
        // returns ±1 with seven +1: s = √(8.4 / 9) = 0.9661, t(9) = 2.262
        assertEquals(0.4 - 0.6911, p.meanReturnInterval().low(), 5e-4);
        assertEquals(0.4 + 0.6911, p.meanReturnInterval().high(), 5e-4);
        // (3 × 0.35² + 2 × 0.65² + 4 × 0.05² + 0.95²) / 10
        assertEquals(0.2125, p.brier(), 1e-12);
        assertEquals(4, p.sized());
        assertEquals(200.0, p.totalPnlUsd(), "+100 +100 +100 −100");
    }

    @Test
    void theCalibrationTableListsEveryBucket() {
        List<CalibrationRow> rows = Performance.of("whale_trade", tenWhaleTrades()).calibration();
        assertEquals(List.of(new CalibrationRow(0.0, 0.5, 0, null), new CalibrationRow(0.5, 0.6, 0, null),
                new CalibrationRow(0.6, 0.7, 5, 0.6), new CalibrationRow(0.7, 0.8, 0, null),
                new CalibrationRow(0.8, 0.9, 0, null), new CalibrationRow(0.9, 1.0, 5, 0.8)), rows);
    }

    @Test
    void bucketBoundsBelongToTheHigherBucketAndOneToTheLast() {
        assertEquals(new ConfidenceBucket(0.7, 0.8), ConfidenceBucket.of(0.7));
        assertEquals(new ConfidenceBucket(0.7, 0.8), ConfidenceBucket.of(0.1 + 0.6)); // 0.7 computed 0.69999…
        assertEquals(new ConfidenceBucket(0.9, 1.0), ConfidenceBucket.of(1.0));
        assertEquals(new ConfidenceBucket(0.0, 0.5), ConfidenceBucket.of(0.45));
    }

    @Test
    void everyGradedTypeIsPresentAndOneWithNothingGradedHasNulls() {
        Map<String, Performance> record = TrackRecord.byType(tenWhaleTrades());
        assertEquals(Entry.GRADED_TYPES, List.copyOf(record.keySet()));
        assertEquals(10, record.get("whale_trade").graded());
        Performance empty = record.get("expiry_edge");
        assertEquals(0, empty.graded());
        assertEquals(0, empty.hits());
        assertNull(empty.hitRate());
        assertNull(empty.hitRateInterval());
        assertNull(empty.meanReturn());
        assertNull(empty.brier());
        assertNull(empty.totalPnlUsd());
        assertEquals(6, empty.calibration().size());
    }
}
