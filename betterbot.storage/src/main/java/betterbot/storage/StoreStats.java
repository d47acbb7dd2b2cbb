package betterbot.storage;

import betterbot.signals.IsoTime;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the store holds.
 *
 * @param totalStored signals held now
 * @param totalEverStored signals ever stored, including those retention removed since
 * @param highConfidenceCount signals with confidence at least 0.7
 * @param averageConfidence null when the store is empty
 * @param unreadableRows stored rows skipped since start because their type is unknown to this version
 */
public record StoreStats(long totalStored, long totalEverStored, Map<String, Long> bySource, Map<String, Long> byType,
                         Double averageConfidence, long highConfidenceCount, Instant oldestDetectedAt,
                         Instant newestDetectedAt, long databaseBytes, long walBytes, int maxSignals,
                         long unreadableRows) {
    public static final double HIGH_CONFIDENCE = 0.7;

    public StoreStats {
        bySource = Map.copyOf(bySource);
        byType = Map.copyOf(byType);
    }

    /**
     * Writes these figures as fields of the JSON object the generator is in: the one wire form of
     * {@code GET /api/stats/database} and {@code betterbot db stats}.
     */
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeNumberField("total_stored", totalStored);
        g.writeNumberField("total_ever_stored", totalEverStored);
        g.writeNumberField("max_signals", maxSignals);
        writeCounts(g, "by_source", bySource);
        writeCounts(g, "by_type", byType);
        if (averageConfidence == null) {
            g.writeNullField("average_confidence");
        } else {
            g.writeNumberField("average_confidence", averageConfidence);
        }
        g.writeNumberField("high_confidence_count", highConfidenceCount);
        g.writeNumberField("high_confidence_threshold", HIGH_CONFIDENCE);
        writeTime(g, "oldest_detected_at", oldestDetectedAt);
        writeTime(g, "newest_detected_at", newestDetectedAt);
        g.writeNumberField("database_bytes", databaseBytes);
        g.writeNumberField("wal_bytes", walBytes);
        g.writeNumberField("unreadable_rows", unreadableRows);
    }

    private static void writeCounts(JsonGenerator g, String field, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(field);
        for (var e : new TreeMap<>(counts).entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeTime(JsonGenerator g, String field, Instant t) throws IOException {
        if (t == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, IsoTime.format(t));
        }
    }
}
