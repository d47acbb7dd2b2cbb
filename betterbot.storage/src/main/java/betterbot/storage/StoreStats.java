package betterbot.storage;

import java.time.Instant;
import java.util.Map;

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
}
