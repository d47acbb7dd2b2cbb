package betterbot.signals.detection;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a replay read and found.
 *
 * @param linesRead non-blank lines read, malformed ones included
 * @param malformed lines skipped because they were not a capture record, in reading order
 * @param truncated gzip files that end cut (a crash while they were written): their complete lines ran
 * @param markets market rows taken (likewise books and trades)
 * @param rowsSkipped malformed rows left out of otherwise valid responses
 * @param duplicateTrades fills already seen in an earlier line (overlapping polls)
 * @param signalsByType signals delivered, by type, in the order of docs/domain.md, Signals
 * @param detectorFailures inputs a detector threw on, by detector
 * @param elapsedNanos wall time of the replay
 */
public record ReplaySummary(int files, long linesRead, List<MalformedLine> malformed, List<TruncatedFile> truncated,
                            long markets, long books,
                            long trades, long rowsSkipped, long duplicateTrades, Map<String, Long> signalsByType,
                            Map<String, Long> detectorFailures, long elapsedNanos) {

    /** A line skipped, where it is and why. */
    public record MalformedLine(Path file, long line, String reason) {
    }

    /**
     * A gzip file that ends before its end: cut by a crash, or damaged.
     *
     * @param completeLines the lines read before the cut (the line cut in the middle is not among them)
     * @param reason what the decompressor said
     */
    public record TruncatedFile(Path file, long completeLines, String reason) {
    }

    public ReplaySummary {
        malformed = List.copyOf(malformed);
        truncated = List.copyOf(truncated);
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
