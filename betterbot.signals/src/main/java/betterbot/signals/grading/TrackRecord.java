package betterbot.signals.grading;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The track record of every graded signal type at one horizon: a type with nothing graded is present with graded 0
 * and nulls, so "no record yet" is never confused with "no such type".
 */
public final class TrackRecord {
    private TrackRecord() {
    }

    /**
     * The performance of each gradable type ({@link Entry#GRADED_TYPES}, in that order) from the outcomes of one
     * horizon; outcomes of other types are ignored.
     */
    public static Map<String, Performance> byType(List<GradedOutcome> outcomes) {
        Map<String, Performance> record = new LinkedHashMap<>();
        for (String type : Entry.GRADED_TYPES) {
            List<GradedOutcome> ofType = new ArrayList<>();
            for (GradedOutcome o : outcomes) {
                if (o.signalType().equals(type)) {
                    ofType.add(o);
                }
            }
            record.put(type, Performance.of(type, ofType));
        }
        return Collections.unmodifiableMap(record);
    }
}
