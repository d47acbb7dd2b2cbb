package betterbot.signals.detection;

import java.util.Map;

/**
 * Counters of a pipeline since it was created.
 *
 * @param duplicateTrades fills seen before (overlapping polls), dropped before the detectors
 * @param repeatsSuppressed detections of an id already emitted, dropped before the sink
 * @param signalsByType signals delivered to the sink, by type name
 * @param detectorFailures inputs a detector threw on, by detector (type) name
 * @param sinkFailures deliveries the sink threw on (those signals are lost)
 */
public record PipelineStats(long markets, long books, long trades, long duplicateTrades, long repeatsSuppressed,
                            Map<String, Long> signalsByType, Map<String, Long> detectorFailures, long sinkFailures) {
    public PipelineStats {
        signalsByType = Map.copyOf(signalsByType);
        detectorFailures = Map.copyOf(detectorFailures);
    }

    public long signals() {
        return signalsByType.values().stream().mapToLong(Long::longValue).sum();
    }
}
