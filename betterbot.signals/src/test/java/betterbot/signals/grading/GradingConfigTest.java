package betterbot.signals.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradingConfigTest {
    @Test
    void theDefaultsAreDocumented() {
        GradingConfig c = GradingConfig.defaults();
        assertEquals(Horizon.parseList("1h,24h"), c.horizons());
        assertEquals(CalibrationConfig.defaults(), c.calibration());
        assertEquals(Duration.ofMinutes(10), c.settlementCheckInterval());
        assertEquals(Duration.ofMinutes(15), c.checkpointInterval());
        assertEquals(500, c.pageSize());
    }

    @Test
    void theToleranceIsHalfTheHorizon() {
        assertEquals(Duration.ofMinutes(30), GradingConfig.tolerance(Horizon.parse("1h")));
        assertEquals(Duration.ofSeconds(45), GradingConfig.tolerance(Horizon.parse("90s")));
    }

    @Test
    void horizonsAreSortedAndBadValuesNameTheirField() {
        GradingConfig c = GradingConfig.defaults().withHorizons(List.of(Horizon.parse("24h"), Horizon.parse("1h")));
        assertEquals(Horizon.parseList("1h,24h"), c.horizons());
        assertMessage("horizons", () -> GradingConfig.defaults().withHorizons(List.of()));
        assertMessage("horizons", () -> GradingConfig.defaults().withHorizons(List.of(Horizon.SETTLEMENT)));
        assertMessage("horizons", () -> GradingConfig.defaults()
                .withHorizons(List.of(Horizon.parse("1h"), Horizon.parse("60m"))));
        assertMessage("settlementCheckInterval", () -> GradingConfig.defaults()
                .withIntervals(Duration.ZERO, Duration.ofMinutes(1)));
        assertMessage("checkpointInterval", () -> GradingConfig.defaults()
                .withIntervals(Duration.ofMinutes(1), Duration.ofSeconds(-1)));
        assertMessage("pageSize", () -> new GradingConfig(Horizon.parseList("1h"), CalibrationConfig.defaults(),
                Duration.ofMinutes(1), Duration.ofMinutes(1), 0));
    }

    static void assertMessage(String field, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith(field), e.getMessage());
    }
}
