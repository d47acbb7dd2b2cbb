package betterbot.signals;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The wire form of the signal contract's enums: the constant's name in lower case, and back again. */
final class WireNames {
    private WireNames() {
    }

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The constant whose wire name is {@code value}; otherwise an error naming {@code what} and every wire name. */
    static <E extends Enum<E>> E parse(E[] constants, String value, String what) {
        for (E e : constants) {
            if (of(e).equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + value + "' (accepted: "
                + Arrays.stream(constants).map(WireNames::of).collect(Collectors.joining(", ")) + ")");
    }
}
