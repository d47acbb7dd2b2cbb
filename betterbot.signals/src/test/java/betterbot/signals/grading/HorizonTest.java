package betterbot.signals.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HorizonTest {

    @Test
    void theDefaultListParsesToOneAndTwentyFourHours() {
        assertEquals(List.of(Horizon.after(Duration.ofHours(1)), Horizon.after(Duration.ofHours(24))),
                Horizon.parseList("1h,24h"));
    }

    @Test
    void aListIsSortedAndKeepsItsWireNames() {
        List<Horizon> horizons = Horizon.parseList(" 24h, 90s ,15m,1h,2d");
        assertEquals(List.of("90s", "15m", "1h", "24h", "48h"), horizons.stream().map(Horizon::wireName).toList());
        assertEquals(Duration.ofSeconds(90), horizons.get(0).duration());
    }

    @ParameterizedTest(name = "''{0}'' is rejected naming ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "1h,,24h      | ''",
        "1h,24x       | 24x",
        "1h,0m        | 0m",
        "1h,-5m       | -5m",
        "1.5h         | 1.5h",
        "1h,60m       | 60m",
        "1h,1h        | 1h",
        "1h,settlement| settlement",
    })
    void aBadItemIsNamedInTheError(String list, String item) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Horizon.parseList(list));
        assertTrue(e.getMessage().contains("'" + item + "'"), e.getMessage());
    }

    @Test
    void anEmptyListIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Horizon.parseList(" "));
    }

    @Test
    void settlementComesAfterEveryDuration() {
        assertEquals("settlement", Horizon.parse("settlement").wireName());
        assertTrue(Horizon.SETTLEMENT.compareTo(Horizon.parse("2d")) > 0);
        assertTrue(Horizon.parse("90s").compareTo(Horizon.parse("15m")) < 0);
    }
}
