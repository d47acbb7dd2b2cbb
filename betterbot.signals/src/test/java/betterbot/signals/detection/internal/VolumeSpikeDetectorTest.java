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
        "70000,    70000,  1, 0.95",     // a new market: all its week's volume today, ratio 7
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

    @Test
    void closedOrUnknownVolumesAreSkipped() {
        assertEquals(List.of(), run(detector, T0, market("0xv1").volumes(120_000.0, 210_000.0).closed(true).build()));
        assertEquals(List.of(), run(detector, T0, market("0xv1").volumes(120_000.0, null).build()));
        assertEquals(List.of(), run(detector, T0, market("0xv1").volumes(null, 210_000.0).build()));
    }
}
