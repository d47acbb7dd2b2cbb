package betterbot.signals;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a signal's data came from. */
public enum Source {
    POLYMARKET, HASHDIVE, DOME;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static Source fromWire(String value) {
        for (Source s : values()) {
            if (s.wireName().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown source '" + value + "' (accepted: polymarket, hashdive, dome)");
    }
}
