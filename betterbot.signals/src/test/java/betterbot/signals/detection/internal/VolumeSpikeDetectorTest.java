package betterbot.signals.detection.internal;

import static betterbot.signals.detection.internal.Fixtures.T0;
import static betterbot.signals.detection.internal.Fixtures.market;
import static betterbot.signals.detection.internal.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import betterbot.signals.RecommendedAction;
import betterbot.signals.SignalType;
import betterbot.signals.detection.DetectionConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VolumeSpikeDetectorTest {
    final VolumeSpikeDetector detector = new VolumeSpikeDetector(DetectionConfig.defaults());

    @ParameterizedTest(name = "24 h {0}, week {1} -> {2}")
    @CsvSource({
        // 24 h volume, week volume, signals, confidence
        "30000,    70000,  1, 0.75",     // ratio exactly 3
        "29999.99, 70000,  0, 0",        // ratio just below 3
        "10000,    23333.33, 1, 0.75",   // exactly $10,000 at ratio ≥ 3
        "9999.99,  10000,  0, 0",        // below the USD floor whatever the ratio
        "120000,   210000, 1, 0.8",      // ratio 4
        "70000,    70000,  1, 0.95",     // a market two months old whose whole week's volume came today: ratio 7
        "50000,    0,      0, 0",        // no baseline
    })
    void thresholds(double day, double week, int signals, double confidence) {
        List<Detection> found = run(detector, T0, market("0xv1").volumes(day, week).build());
        assertEquals(signals, found.size());
        if (signals == 1) {
            assertEquals(confidence, found.get(0).confidence(), 1e-6);
        }
    }

    @Test
    void aSpikeCarriesItsFiguresAndOneIdPerMarketAndDay() {
        Detection d = run(detector, T0, market("0xv1").volumes(120_000.0, 210_000.0).build()).get(0);
        assertEquals(new SignalType.VolumeSpike(120_000, 30_000, 4), d.type());
        assertEquals("volume_spike:0xv1:2026-11-24", d.id());
        assertEquals(RecommendedAction.WATCH, d.details().recommendedAction());
        assertEquals(120_000.0, d.details().volume24h());
        assertEquals(d.id(), run(detector, T0.plusSeconds(3600), market("0xv1").volumes(150_000.0, 240_000.0)
                .build()).get(0).id(), "later the same day, the same spike");
    }

    @ParameterizedTest(name = "{0} days old, 24 h {1}, week {2} -> baseline {3}")
    @CsvSource({
        // age in days, 24 h volume, 1-week volume (its life's volume when younger), baseline per day, signals
        "1,    40000, 40000,  0,     0",   // one day old: "24 h = 7 × week/7" is its whole life, no baseline
        "1.99, 40000, 50000,  0,     0",   // still under two days
        "2,    40000, 60000,  30000, 0",   // two days: 60k over 2 days, ratio 1.33
        "4,    60000, 80000,  20000, 1",   // 80k over 4 days = 20k a day; 60k is 3 × that
        "4,    59999, 80000,  20000, 0",
        "10,   60000, 140000, 20000, 1",   // older than a week: the week's average
    })
    void theBaselineIsTheMarketsOwnDailyAverageOverTheDaysItHasExisted(double ageDays, double day, double week,
                                                                       double baseline, int signals) {
        java.time.Instant start = T0.minusSeconds(Math.round(ageDays * 86_400));
        List<Detection> found = run(detector, T0, market("0xv1").startDate(start).volumes(day, week).build());
        assertEquals(signals, found.size(), found.toString());
        if (signals == 1) {
            assertEquals(baseline, ((SignalType.VolumeSpike) found.get(0).type()).baselineDailyVolume());
        }
    }

    @Test
    void aMarketOfUnknownAgeHasNoBaseline() {
        assertEquals(List.of(), run(detector, T0, market("0xv1").startDate(null).volumes(120_000.0, 210_000.0)
                .build()));
        assertEquals(1, run(detector, T0, market("0xv1").volumes(120_000.0, 210_000.0).build()).size(),
                "the same volumes on a market known to be two months old");
    }

    @Test
    void closedOrUnknownVolumesAreSkipped() {
        assertEquals(List.of(), run(detector, T0, market("0xv1").volumes(120_000.0, 210_000.0).closed(true).build()));
        assertEquals(List.of(), run(detector, T0, market("0xv1").volumes(120_000.0, null).build()));
        assertEquals(List.of(), run(detector, T0, market("0xv1").volumes(null, 210_000.0).build()));
    }
}
