package betterbot.signals.detection.internal;

import betterbot.signals.Details;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import java.util.Objects;

/**
 * What a detector found, before the risk manager grades its risk and sizes it into a signal.
 *
 * @param id the deterministic signal id
 * @param confidence 0..1, probability-like score of the recommended side
 */
public record Detection(String id, SignalType type, String marketSlug, double confidence, Details details,
                        Source source) {
    public Detection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(marketSlug, "marketSlug");
        Objects.requireNonNull(details, "details");
        Objects.requireNonNull(source, "source");
    }
}
