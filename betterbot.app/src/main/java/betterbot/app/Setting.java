package betterbot.app;

import java.math.BigDecimal;
import java.util.function.Function;

/**
 * One environment variable: its name, its section, its default, how a value is read and checked, how a value is
 * shown, whether it is a secret, and what it means. {@link Settings} holds every one; reading, check-config, the
 * environment example and docs/configuration.md all follow that table.
 *
 * @param defaultValue the value when the variable is unset; null when unset means "none"
 * @param parser reads and checks a value, and says what it accepts
 * @param shown how describe and check-config show a value (given the default too, null included)
 * @param secret a value that never reaches a log line, an error message or check-config's output
 * @param description what the variable does, in a sentence or two
 */
record Setting<T>(String name, Group group, T defaultValue, Parser<T> parser, Function<? super T, String> shown,
                  boolean secret, String description) {

    /** The value as describe shows it. */
    String show(T value) {
        return shown.apply(value);
    }

    /** The default as describe shows it when the variable is unset. */
    String shownDefault() {
        return show(defaultValue);
    }

    /** The default as the environment example and the reference write it: empty when there is none. */
    String documentedDefault() {
        return defaultValue == null ? "" : show(defaultValue);
    }

    /** A decimal as written in the environment: no exponent, no trailing zeros. */
    static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * Reads a value of a variable.
     *
     * @param accepts what a value may be, as the reference and a refusal say it (empty: any text)
     * @param conversion the value read, or {@link InvalidValue}
     */
    record Parser<T>(String accepts, Conversion<T> conversion) {
        T parse(String value, String quoted) throws InvalidValue {
            return conversion.convert(value, quoted);
        }

        /** A parser of the same values that gives them another type, e.g. seconds as a Duration. */
        <R> Parser<R> map(Function<T, R> f) {
            return new Parser<>(accepts, (value, quoted) -> f.apply(conversion.convert(value, quoted)));
        }
    }

    /** A value's conversion; {@code quoted} is how a refusal may quote it (a secret's value is never quoted). */
    @FunctionalInterface
    interface Conversion<T> {
        T convert(String value, String quoted) throws InvalidValue;
    }

    /** Why a value was refused, worded to follow the variable's name: "must be ..., got '...'". */
    static final class InvalidValue extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidValue(String problem) {
            super(problem, null, false, false);
        }
    }
}
