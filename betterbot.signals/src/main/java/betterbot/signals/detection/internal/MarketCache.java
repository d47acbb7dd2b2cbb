package betterbot.signals.detection.internal;

import betterbot.signals.market.Market;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest snapshot of every market seen, by condition id and by outcome token, and the markets of each NegRisk
 * event by {@code negRiskMarketID}. Books and trades are enriched from it and outcome sets grouped by it. Not
 * thread-safe (the pipeline serializes access).
 */
public final class MarketCache {
    private final Map<String, Market> byCondition = new HashMap<>();
    private final Map<String, Market> byToken = new HashMap<>();
    private final Map<String, LinkedHashMap<String, Market>> byNegRiskEvent = new HashMap<>();

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
