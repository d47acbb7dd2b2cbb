package betterbot.signals.grading;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * How the markets of an entry resolved.
 *
 * @param resolvedAt when the resolution was seen
 * @param won whether each outcome token paid 1 (true) or 0 (false)
 */
public record Settlement(Instant resolvedAt, Map<String, Boolean> won) {

    public Settlement {
        Objects.requireNonNull(resolvedAt, "resolved_at");
        won = Map.copyOf(won);
    }

    boolean covers(Entry entry) {
        return entry.holdings().stream().allMatch(h -> won.containsKey(h.assetId()));
    }
}
