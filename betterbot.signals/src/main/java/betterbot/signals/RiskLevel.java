package betterbot.signals;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How risky acting on a signal is; one enum, lower case on the wire. */
public enum RiskLevel {
    LOW, MEDIUM, HIGH, VERY_HIGH;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @JsonCreator
    public static RiskLevel fromWire(String value) {
        for (RiskLevel r : values()) {
            if (r.wireName().equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown risk level '" + value + "' (accepted: low, medium, high, very_high)");
    }
}
