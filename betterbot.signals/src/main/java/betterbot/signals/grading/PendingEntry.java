package betterbot.signals.grading;

import java.util.Objects;
import java.util.Set;

/**
 * A stored entry with at least one grade still to make, as the grading loop resumes it after a restart.
 *
 * @param conditionId the condition id of the signal's market when the signal named one (follow signals and expiry
 *                    edges), used to ask Gamma for the market by {@code condition_ids}; null for a deviation set
 * @param graded the horizons already graded (settlement among them once it is)
 */
public record PendingEntry(Entry entry, String conditionId, Set<Horizon> graded) {
    public PendingEntry {
        Objects.requireNonNull(entry, "entry");
        graded = Set.copyOf(graded);
    }
}
