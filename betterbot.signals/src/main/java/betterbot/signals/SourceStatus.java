package betterbot.signals;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * How one upstream data source is doing, as its poller reports it: lets a reader tell a quiet market from a
 * blind service.
 *
 * @param name the source's name, e.g. {@code polymarket-trades}
 * @param polls polls attempted since start
 * @param failures polls that failed since start
 * @param consecutiveFailures failures since the last successful poll
 * @param itemsFetched upstream items (trades, markets, books) received since start
 * @param itemsSkipped malformed upstream items left out since start
 * @param lastSuccess when the last poll succeeded; null before the first success
 * @param lastError the last failure's message, null when none; may name upstream hosts, never keys
 * @param counters what only this source counts, by snake_case name (the market stream's books followed, books
 *                 replaced by REST...); empty for most sources
 */
public record SourceStatus(String name, State state, long polls, long failures, long consecutiveFailures,
                           long itemsFetched, long itemsSkipped, Instant lastSuccess, String lastError,
                           java.util.Map<String, Long> counters) {
    public SourceStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        counters = counters == null ? java.util.Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
    }

    /** A status without source-specific counters. */
    public SourceStatus(String name, State state, long polls, long failures, long consecutiveFailures,
                        long itemsFetched, long itemsSkipped, Instant lastSuccess, String lastError) {
        this(name, state, polls, failures, consecutiveFailures, itemsFetched, itemsSkipped, lastSuccess, lastError,
                java.util.Map.of());
    }

    /** A source's health, lower case on the wire. */
    public enum State {
        /** Polling succeeds. */
        OK,
        /** Some polls fail or answers arrive late; data may be incomplete. */
        DEGRADED,
        /** Polls fail: nothing from this source arrives. */
        DOWN,
        /** Not configured (e.g. no API key) or switched off. */
        DISABLED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
