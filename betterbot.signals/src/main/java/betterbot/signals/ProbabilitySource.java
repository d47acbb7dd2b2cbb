package betterbot.signals;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where the win probability a position was sized from came from: the detector's confidence tier (a prior, not a
 * measurement) or the measured settlements of earlier signals of the same type and tier (see docs/grading.md).
 */
public enum ProbabilitySource {
    PRIOR, CALIBRATED;

    @JsonValue
    public String wireName() {
        return WireNames.of(this);
    }

    @JsonCreator
    public static ProbabilitySource fromWire(String value) {
        return WireNames.parse(values(), value, "probability source");
    }
}
