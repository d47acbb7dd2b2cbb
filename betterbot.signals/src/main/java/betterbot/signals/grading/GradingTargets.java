package betterbot.signals.grading;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The markets the grading loop wants fetched by id now: those of unsettled entries (to see them resolve) and of
 * watched tokens without a recent price (see docs/grading.md, Targeted requests).
 *
 * @param conditionIds markets to ask Gamma for by {@code condition_ids} (follow signals, expiry edges)
 * @param tokenIds tokens to ask Gamma for by {@code clob_token_ids} (deviation legs, which name no market)
 */
public record GradingTargets(Set<String> conditionIds, Set<String> tokenIds) {
    public GradingTargets {
        // in the order the entries were indexed, oldest first, so the requests are stable
        conditionIds = Collections.unmodifiableSet(new LinkedHashSet<>(conditionIds));
        tokenIds = Collections.unmodifiableSet(new LinkedHashSet<>(tokenIds));
    }

    public boolean isEmpty() {
        return conditionIds.isEmpty() && tokenIds.isEmpty();
    }
}
