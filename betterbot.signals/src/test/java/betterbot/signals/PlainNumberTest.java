package betterbot.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlainNumberTest {
    @ParameterizedTest
    @ValueSource(strings = {"0", "7", "-12", "10_000", "9223372036854775807"})
    void plainIntegersAreRead(String text) {
        assertEquals(Long.parseLong(text.replace("_", "")), PlainNumber.integer(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "+1", "1e2", "0x10", "1L", "\u0663", "1_", "_1", "1__0", "1.0",
        "9223372036854775808", "1\u0000", "--1", "1-"})
    void anythingElseIsNoInteger(String text) {
        assertNull(PlainNumber.integer(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.5", "-0.25", "1", "1_000.5", "0.000_1"})
    void plainDecimalsAreRead(String text) {
        assertEquals(new BigDecimal(text.replace("_", "")), PlainNumber.decimal(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1d", ".5f", ".5", "5.", "0x1p-1", "1e2", "1E-2", "NaN", "Infinity", "-Infinity",
        "1%00", "1\u0000", "\u0660.5", "0,5", "+0.5", " 0.5", "1..2", ""})
    void anythingElseIsNoDecimal(String text) {
        assertNull(PlainNumber.decimal(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.01", "1.01", "2"})
    void boundsAreInclusiveAndChecked(String text) {
        assertNull(PlainNumber.decimal(text, 0, 1), text);
        assertEquals(1.0, PlainNumber.decimal("1", 0, 1));
        assertEquals(0.0, PlainNumber.decimal("0", 0, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234567890123456789012345678901234567890123456789012345678901234567890"})
    void absurdlyLongValuesAreRefusedUnread(String text) {
        assertNull(PlainNumber.decimal(text));
        assertNull(PlainNumber.integer(text));
    }
}
