package betterbot.signals.detection.internal;

import betterbot.signals.market.Market;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest snapshot of every market seen, by condition id and by outcome token, and the markets of each NegRisk
 * event by {@code negRiskMarketID}. Books and trades are enriched from it and outcome sets grouped by it. Bounded
 * by {@link #evict}: markets not seen for a while and closed markets are dropped, except that a NegRisk event's
 * legs (closed ones included, which still count as resolved NO) stay for as long as the event is tracked. Not
 * thread-safe (the pipeline serializes access).
 */
public final class MarketCache {
    private final Map<String, Market> byCondition = new HashMap<>();
    private final Map<String, Market> byToken = new HashMap<>();
    private final Map<String, LinkedHashMap<String, Market>> byNegRiskEvent = new HashMap<>();
    /** When each market was last in a markets snapshot; absent: updated without a time, never stale. */
    private final Map<String, Instant> lastSeen = new HashMap<>();

    /** Replaces a market's snapshot, seen in a markets response captured at {@code seenAt}. */
    public void update(Market m, Instant seenAt) {
        update(m);
        lastSeen.put(m.conditionId(), seenAt);
    }

    /**
     * Drops the markets not seen since {@code staleBefore} and the closed ones. A NegRisk event goes as a whole, once
     * none of its open legs was seen since then: until then even its closed legs stay.
     *
     * @return the markets dropped
     */
    public int evict(Instant staleBefore) {
        List<Market> drop = new ArrayList<>();
        for (Market m : byCondition.values()) {
            if (m.negRisk() && m.negRiskMarketId() != null) {
                continue;
            }
            if (m.closed() || isStale(m, staleBefore)) {
                drop.add(m);
            }
        }
        List<String> deadEvents = new ArrayList<>();
        byNegRiskEvent.forEach((event, legs) -> {
            if (legs.values().stream().noneMatch(l -> !l.closed() && !isStale(l, staleBefore))) {
                deadEvents.add(event);
            }
        });
        for (String event : deadEvents) {
            drop.addAll(byNegRiskEvent.remove(event).values());
        }
        for (Market m : drop) {
            if (byCondition.remove(m.conditionId(), m)) {
                lastSeen.remove(m.conditionId());
                for (String token : m.tokenIds()) {
                    byToken.remove(token, m);
                }
            }
        }
        return drop.size();
    }

    private boolean isStale(Market m, Instant staleBefore) {
        Instant seen = lastSeen.get(m.conditionId());
        return seen != null && seen.isBefore(staleBefore);
    }

    /** Replaces a market's snapshot (or adds it). */
    public void update(Market m) {
        Market old = byCondition.put(m.conditionId(), m);
        if (old != null) {
            for (String token : old.tokenIds()) {
                byToken.remove(token, old);
            }
            if (old.negRiskMarketId() != null && !old.negRiskMarketId().equals(m.negRiskMarketId())) {
                LinkedHashMap<String, Market> group = byNegRiskEvent.get(old.negRiskMarketId());
                if (group != null) {
                    group.remove(old.conditionId());
                }
            }
        }
        for (String token : m.tokenIds()) {
            byToken.put(token, m);
        }
        if (m.negRisk() && m.negRiskMarketId() != null) {
            byNegRiskEvent.computeIfAbsent(m.negRiskMarketId(), k -> new LinkedHashMap<>()).put(m.conditionId(), m);
        }
    }

    public Market byCondition(String conditionId) {
        return conditionId == null ? null : byCondition.get(conditionId);
    }

    public Market byToken(String tokenId) {
        return tokenId == null ? null : byToken.get(tokenId);
    }

    /** Every market known of a NegRisk event, in the order they were first seen. */
    public List<Market> negRiskEvent(String negRiskMarketId) {
        LinkedHashMap<String, Market> group = byNegRiskEvent.get(negRiskMarketId);
        return group == null ? List.of() : new ArrayList<>(group.values());
    }

    public int size() {
        return byCondition.size();
    }
}
