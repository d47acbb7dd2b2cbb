package betterbot.signals.grading;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * What the grading loop reads and writes, durably: the entries still to grade, the price observations kept for
 * grading, and the grades it makes. The store creates an entry in the same transaction as its signal, so every
 * stored gradable signal is here (see docs/grading.md).
 */
public interface GradeBook extends GradeRecord {
    /** Entries with at least one grade still to make (a configured horizon or settlement), oldest first. */
    List<PendingEntry> pending(int offset, int limit);

    /** Keeps one observation's prices; the caller chooses which prices are worth keeping. */
    void observe(PriceObservation observation);

    /**
     * The kept observations of any of these tokens made within [from, to], oldest first; an observation holds
     * only the prices of these tokens that were observed at that moment.
     */
    List<PriceObservation> observations(Collection<String> tokens, Instant from, Instant to);

    /**
     * Stores a grade of a signal's entry. Idempotent: a horizon graded once stays as it was (a second grade of
     * the same horizon is ignored). Unknown signal ids are ignored.
     */
    void record(String signalId, Grade grade);

    /** A grade to record, of the signal with this id. */
    record Made(String signalId, Grade grade) {
    }

    /**
     * Stores several grades at once, all or none (one transaction in the store); each as {@link #record} does.
     * The grading loop records a round's grades this way.
     */
    default void recordAll(List<Made> grades) {
        for (Made m : grades) {
            record(m.signalId(), m.grade());
        }
    }
}
