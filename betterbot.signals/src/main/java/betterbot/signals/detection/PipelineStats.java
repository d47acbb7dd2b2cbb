package betterbot.signals.detection;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of a pipeline since it was created.
 *
 * @param duplicateTrades fills seen before (overlapping polls), dropped before the detectors
 * @param repeatsSuppressed detections of an id already emitted, dropped before the sink
 * @param signalsByType signals delivered to the sink, by type name
 * @param detectorFailures inputs a detector threw on, by detector (type) name
 * @param sinkFailures calls whose signals could not be stored (nothing of them counted; their poll failed and is
 *                     retried)
 */
record PipelineStats(long markets, long books, long trades, long duplicateTrades, long repeatsSuppressed,
                            Map<String, Long> signalsByType, Map<String, Long> detectorFailures, long sinkFailures) {
    PipelineStats {
        // insertion order kept: types in the order of docs/domain.md, Signals, failures as they first happened
        signalsByType = Collections.unmodifiableMap(new LinkedHashMap<>(signalsByType));
        detectorFailures = Collections.unmodifiableMap(new LinkedHashMap<>(detectorFailures));
    }

    long signals() {
        return signalsByType.values().stream().mapToLong(Long::longValue).sum();
    }
}
