package betterbot.signals;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a signal's data came from. */
public enum Source {
    POLYMARKET, HASHDIVE, DOME;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static Source fromWire(String value) {
        return WireNames.parse(values(), value, "source");
    }
}
