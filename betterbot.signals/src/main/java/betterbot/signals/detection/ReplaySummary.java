package betterbot.signals.detection;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a replay read and found.
 *
 * @param linesRead non-blank lines read, malformed ones included
 * @param malformed lines skipped because they were not a capture record, in reading order
 * @param markets market rows taken (likewise books and trades)
 * @param rowsSkipped malformed rows left out of otherwise valid responses
 * @param duplicateTrades fills already seen in an earlier line (overlapping polls)
 * @param signalsByType signals delivered, by type, in the order of docs/domain.md, Signals
 * @param detectorFailures inputs a detector threw on, by detector
 * @param elapsedNanos wall time of the replay
 */
public record ReplaySummary(int files, long linesRead, List<MalformedLine> malformed, long markets, long books,
                            long trades, long rowsSkipped, long duplicateTrades, Map<String, Long> signalsByType,
                            Map<String, Long> detectorFailures, long elapsedNanos) {

    /** A line skipped, where it is and why. */
    public record MalformedLine(Path file, long line, String reason) {
    }

    public ReplaySummary {
        malformed = List.copyOf(malformed);
    }

    public long signals() {
        return signalsByType.values().stream().mapToLong(Long::longValue).sum();
    }

    public long rows() {
        return markets + books + trades;
    }

    public double linesPerSecond() {
        return perSecond(linesRead);
    }

    public double rowsPerSecond() {
        return perSecond(rows());
    }

    private double perSecond(long n) {
        return elapsedNanos <= 0 ? 0 : n * 1e9 / elapsedNanos;
    }
}
