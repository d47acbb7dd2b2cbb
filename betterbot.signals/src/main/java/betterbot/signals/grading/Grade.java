package betterbot.signals.grading;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Objects;

/**
 * A signal's grade at one horizon: pending until its horizon (or settlement) comes, then graded with the value of
 * what the signal recommended holding.
 *
 * @param dueAt when the grade is due: detection + the horizon, or the resolution time for settlement (null until
 *              the market resolves)
 * @param gradedAt when the grade was made
 * @param observedAt when the price the grade used was observed (the observation closest to {@code dueAt} when the
 *                   grade was made late), or the resolution time at settlement
 * @param price the value of the holdings then, per set of one share of each
 * @param returnPerDollar {@code price / entry − 1}
 * @param hit a positive return (at settlement: the side won)
 * @param pnlUsd {@code recommended_size_usd × return}, or null when the signal was not sized
 */
public record Grade(Horizon horizon, State state, Instant dueAt, Instant gradedAt, Instant observedAt, Double price,
                    @JsonProperty("return") Double returnPerDollar, Boolean hit, Double pnlUsd) {

    /** Whether the grade is made yet. */
    public enum State {
        PENDING, GRADED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Grade {
        Objects.requireNonNull(horizon, "horizon");
        Objects.requireNonNull(state, "state");
    }

    /** The pending grade of an entry at a horizon: due at detection + the horizon; settlement has no due time yet. */
    public static Grade pending(Entry entry, Horizon horizon) {
        Instant due = horizon.isSettlement() ? null : entry.detectedAt().plus(horizon.duration());
        return new Grade(horizon, State.PENDING, due, null, null, null, null, null, null);
    }

    public boolean isGraded() {
        return state == State.GRADED;
    }
}
