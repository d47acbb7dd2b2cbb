package betterbot.signals;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The one number syntax BetterBot reads from people, in query parameters and configuration alike: an optional
 * minus, ASCII digits, and for a decimal an optional point followed by more digits; {@code _} may separate
 * digits ({@code 10_000}). Nothing else: no plus sign, no exponent, no hexadecimal, no type suffix
 * ({@code 1d}, {@code .5f}), no {@code NaN} or {@code Infinity}, no digits of other scripts, no surrounding
 * whitespace or control characters. Java's own parsers accept all of those, which is why they are never
 * called on raw input.
 */
public final class PlainNumber {
    private static final String DIGITS = "[0-9]+(?:_[0-9]+)*";
    private static final Pattern INTEGER = Pattern.compile("-?" + DIGITS);
    private static final Pattern DECIMAL = Pattern.compile("-?" + DIGITS + "(?:\\." + DIGITS + ")?");
    /** Longer than any value a setting or parameter needs; bounds the work a hostile value can cause. */
    private static final int MAX_LENGTH = 64;

    private PlainNumber() {
    }

    /** The integer {@code text} spells, or null when it is not a plain integer or does not fit a long. */
    public static Long integer(String text) {
        if (text == null || text.length() > MAX_LENGTH || !INTEGER.matcher(text).matches()) {
            return null;
        }
        try {
            return Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    /** The integer {@code text} spells if it lies within {@code min..max}, else null. */
    public static Integer integer(String text, int min, int max) {
        Long value = integer(text);
        return value != null && value >= min && value <= max ? value.intValue() : null;
    }

    /** The decimal {@code text} spells, or null when it is not a plain decimal. */
    public static BigDecimal decimal(String text) {
        if (text == null || text.length() > MAX_LENGTH || !DECIMAL.matcher(text).matches()) {
            return null;
        }
        return new BigDecimal(text.replace("_", ""));
    }

    /** The decimal {@code text} spells as a double if it lies within {@code min..max}, else null. */
    public static Double decimal(String text, double min, double max) {
        BigDecimal value = decimal(text);
        if (value == null) {
            return null;
        }
        double d = value.doubleValue();
        return d >= min && d <= max ? d : null;
    }
}
