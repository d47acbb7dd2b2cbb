package betterbot.signals.detection.internal;

import betterbot.signals.market.Market;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest snapshot of every market seen lately, by condition id and by outcome token, and the markets of each
 * NegRisk event by {@code negRiskMarketID}. Books and trades are enriched from it and outcome sets grouped by it.
 * Bounded: a market not seen in a markets poll for {@link #FORGET_AFTER} is forgotten, and so is a closed market
 * at once, except a closed leg of a NegRisk event that still has a market seen lately (the price-deviation rule
 * needs the closed legs' resolutions to judge the open ones), which goes with its event. Past {@link #CAPACITY}
 * markets the ones seen longest ago go first. Not thread-safe (the pipeline serializes access).
 */
public final class MarketCache {
    /** Markets polls run every minute: an hour unseen means the market left the polled set. */
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** Far above the markets and legs one poll brings (MARKETS_LIMIT ≤ 10,000 plus their events' legs). */
    static final int CAPACITY = 50_000;

    private record Entry(Market market, long seenAt) {
    }

    private final Map<String, Entry> byCondition = new HashMap<>();
    private final Map<String, Market> byToken = new HashMap<>();
    private final Map<String, LinkedHashMap<String, Market>> byNegRiskEvent = new HashMap<>();

    /** Replaces a market's snapshot (or adds it), without a time: it counts as seen at the epoch. */
    public void update(Market m) {
        update(m, Instant.EPOCH);
    }

    /** Replaces a market's snapshot (or adds it), seen at {@code seenAt}. */
    public void update(Market m, Instant seenAt) {
        Entry old = byCondition.put(m.conditionId(), new Entry(m, seenAt.toEpochMilli()));
        if (old != null) {
            for (String token : old.market().tokenIds()) {
                byToken.remove(token, old.market());
            }
            if (old.market().negRiskMarketId() != null && !old.market().negRiskMarketId().equals(m.negRiskMarketId())) {
                unindex(old.market()); // moved to another event; a refresh keeps its place in its event's order
            }
        }
        for (String token : m.tokenIds()) {
            byToken.put(token, m);
        }
        if (m.negRisk() && m.negRiskMarketId() != null) {
            byNegRiskEvent.computeIfAbsent(m.negRiskMarketId(), k -> new LinkedHashMap<>()).put(m.conditionId(), m);
        }
    }

    /** Forgets what the class comment says should be forgotten at {@code now}; returns how many markets went. */
    public int evict(Instant now) {
        long cutoff = now.toEpochMilli() - FORGET_AFTER.toMillis();
        Map<String, Boolean> eventSeenLately = new HashMap<>();
        for (Entry e : byCondition.values()) {
            Market m = e.market();
            if (m.negRisk() && m.negRiskMarketId() != null && !m.closed() && e.seenAt() >= cutoff) {
                eventSeenLately.put(m.negRiskMarketId(), Boolean.TRUE);
            }
        }
        int removed = 0;
        for (Iterator<Entry> it = byCondition.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            Market m = e.market();
            boolean keptByEvent = m.negRisk() && m.negRiskMarketId() != null
                    && eventSeenLately.containsKey(m.negRiskMarketId());
            boolean stale = e.seenAt() < cutoff && !keptByEvent;
            boolean closed = m.closed() && !keptByEvent;
            if (stale || closed) {
                it.remove();
                unindex(m);
                removed++;
            }
        }
        if (byCondition.size() > CAPACITY) {
            List<Entry> oldestFirst = new ArrayList<>(byCondition.values());
            oldestFirst.sort((a, b) -> Long.compare(a.seenAt(), b.seenAt()));
            for (Entry e : oldestFirst.subList(0, byCondition.size() - CAPACITY)) {
                byCondition.remove(e.market().conditionId());
                unindex(e.market());
                removed++;
            }
        }
        return removed;
    }

    private void unindex(Market old) {
        for (String token : old.tokenIds()) {
            byToken.remove(token, old);
        }
        if (old.negRiskMarketId() != null) {
            LinkedHashMap<String, Market> group = byNegRiskEvent.get(old.negRiskMarketId());
            if (group != null && group.get(old.conditionId()) == old) {
                group.remove(old.conditionId());
                if (group.isEmpty()) {
                    byNegRiskEvent.remove(old.negRiskMarketId());
                }
            }
        }
    }

    public Market byCondition(String conditionId) {
        Entry e = conditionId == null ? null : byCondition.get(conditionId);
        return e == null ? null : e.market();
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

    /** Outcome tokens indexed: bounded with the markets. */
    int tokenCount() {
        return byToken.size();
    }

    /** NegRisk events indexed: bounded with the markets. */
    int eventCount() {
        return byNegRiskEvent.size();
    }
}
