package betterbot.signals;

import java.time.Instant;
import java.util.Objects;

/**
 * A scored, deduplicated observation a trader can act on. The store assigns its {@code seq}; see
 * {@link StoredSignal}.
 *
 * @param id deterministic: the same real-world event always yields the same id
 * @param marketSlug the market's slug, or the event's slug for an event-level signal
 * @param confidence 0..1, probability-like score of the recommended side
 * @param detectedAt when this service detected it
 */
public record Signal(String id, SignalType signalType, String marketSlug, double confidence, RiskLevel riskLevel,
                     Details details, Instant detectedAt, Source source) {

    public Signal {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("signal id must not be blank");
        }
        Objects.requireNonNull(signalType, "signal_type");
        Objects.requireNonNull(marketSlug, "market_slug");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be within 0..1, was " + confidence);
        }
        Objects.requireNonNull(riskLevel, "risk_level");
        details = details == null ? Details.builder().build() : details;
        Objects.requireNonNull(detectedAt, "detected_at");
        detectedAt = Instant.ofEpochMilli(detectedAt.toEpochMilli()); // the wire and the store keep milliseconds
        Objects.requireNonNull(source, "source");
    }

    /** A copy with other details (the risk manager fills the size). */
    public Signal withDetails(Details newDetails) {
        return new Signal(id, signalType, marketSlug, confidence, riskLevel, newDetails, detectedAt, source);
    }

    /** A copy with another risk level. */
    public Signal withRiskLevel(RiskLevel level) {
        return new Signal(id, signalType, marketSlug, confidence, level, details, detectedAt, source);
    }
}
