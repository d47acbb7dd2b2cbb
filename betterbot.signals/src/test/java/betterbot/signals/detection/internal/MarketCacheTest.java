package betterbot.signals.detection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import betterbot.signals.market.GammaJson;
import betterbot.signals.market.Market;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The market cache forgets what left the polled set, but keeps the closed legs an open event still needs. */
class MarketCacheTest {
    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    private static final String EVENT = "0x" + "e".repeat(64);

    /** A Gamma market in its real shape: stringified arrays, numbers as strings. */
    private static Market market(String id, boolean closed, boolean negRisk, String prices) {
        String json = """
                [{"id":"%s","question":"Will %s win?","conditionId":"0xcond%s","slug":"will-%s-win",
                  "endDate":"2026-12-31T00:00:00Z","active":true,"closed":%s,"acceptingOrders":%s,
                  "negRisk":%s,%s"events":[{"id":"9001","slug":"champion","title":"Champion"}],
                  "outcomes":"[\\"Yes\\", \\"No\\"]","outcomePrices":"%s",
                  "clobTokenIds":"[\\"%s-yes\\", \\"%s-no\\"]","volume24hr":"1000","liquidityNum":"5000"}]
                """.formatted(id, id, id, id, closed, !closed, negRisk,
                negRisk ? "\"negRiskMarketID\":\"" + EVENT + "\"," : "", prices, id, id);
        return GammaJson.markets(json).rows().get(0);
    }

    @Test
    void aMarketNotSeenForAnHourIsForgottenWithItsTokens() {
        MarketCache cache = new MarketCache();
        cache.update(market("a", false, false, "[\\\"0.6\\\", \\\"0.4\\\"]"), T0);
        cache.update(market("b", false, false, "[\\\"0.6\\\", \\\"0.4\\\"]"), T0);
        Instant later = T0.plus(MarketCache.FORGET_AFTER).plusSeconds(60);
        cache.update(market("b", false, false, "[\\\"0.6\\\", \\\"0.4\\\"]"), later);

        assertEquals(1, cache.evict(later));
        assertNull(cache.byCondition("0xconda"));
        assertNull(cache.byToken("a-yes"));
        assertNotNull(cache.byToken("b-yes"));
        assertEquals(2, cache.tokenCount());
    }

    @Test
    void aClosedMarketIsForgottenAtOnce() {
        MarketCache cache = new MarketCache();
        cache.update(market("a", true, false, "[\\\"1\\\", \\\"0\\\"]"), T0);
        assertEquals(1, cache.evict(T0));
        assertEquals(0, cache.size());
    }

    @Test
    void closedLegsStayWhileTheirEventHasAnOpenLegAndGoWithIt() {
        MarketCache cache = new MarketCache();
        cache.update(market("out", true, true, "[\\\"0\\\", \\\"1\\\"]"), T0); // eliminated: resolved NO
        cache.update(market("in", false, true, "[\\\"0.5\\\", \\\"0.5\\\"]"), T0);
        cache.update(market("also", false, true, "[\\\"0.45\\\", \\\"0.55\\\"]"), T0);

        assertEquals(0, cache.evict(T0.plus(Duration.ofMinutes(30))));
        assertEquals(List.of("0xcondout", "0xcondin", "0xcondalso"),
                cache.negRiskEvent(EVENT).stream().map(Market::conditionId).toList());

        assertEquals(3, cache.evict(T0.plus(MarketCache.FORGET_AFTER).plusSeconds(1)));
        assertEquals(List.of(), cache.negRiskEvent(EVENT));
        assertEquals(0, cache.eventCount());
    }

    @Test
    void aRefreshKeepsALegsPlaceInItsEvent() {
        MarketCache cache = new MarketCache();
        cache.update(market("first", false, true, "[\\\"0.5\\\", \\\"0.5\\\"]"), T0);
        cache.update(market("second", false, true, "[\\\"0.5\\\", \\\"0.5\\\"]"), T0);
        cache.update(market("first", false, true, "[\\\"0.4\\\", \\\"0.6\\\"]"), T0.plusSeconds(60));

        assertEquals(List.of("0xcondfirst", "0xcondsecond"),
                cache.negRiskEvent(EVENT).stream().map(Market::conditionId).toList());
        assertEquals(0.4, cache.byToken("first-yes").outcomePrices().get(0));
    }
}
