package betterbot.signals;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How risky acting on a signal is; one enum, lower case on the wire. */
public enum RiskLevel {
    LOW, MEDIUM, HIGH, VERY_HIGH;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static RiskLevel fromWire(String value) {
        return WireNames.parse(values(), value, "risk level");
    }
}
