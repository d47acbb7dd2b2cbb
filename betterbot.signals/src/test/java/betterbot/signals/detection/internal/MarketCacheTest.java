package betterbot.signals.detection.internal;

import static betterbot.signals.detection.internal.Fixtures.T0;
import static betterbot.signals.detection.internal.Fixtures.market;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import betterbot.signals.market.Market;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarketCacheTest {
    static final Duration MEMORY = Duration.ofHours(6);

    @Test
    void marketsNotSeenForAWhileAndClosedOnesAreForgottenWithTheirTokens() {
        MarketCache cache = new MarketCache();
        cache.update(market("0xold").build(), T0);
        cache.update(market("0xkept").build(), T0);
        Instant later = T0.plus(MEMORY).plusSeconds(60);
        cache.update(market("0xkept").build(), later);
        cache.update(market("0xshut").closed(true).build(), later);
        assertEquals(2, cache.evict(later.minus(MEMORY)));
        assertNull(cache.byCondition("0xold"));
        assertNull(cache.byToken("0xold-yes"), "its tokens go with it");
        assertNull(cache.byCondition("0xshut"));
        assertNotNull(cache.byToken("0xkept-yes"));
        assertEquals(1, cache.size());
    }

    @Test
    void aClosedLegStaysWhileItsEventIsTrackedAndGoesWithTheEvent() {
        MarketCache cache = new MarketCache();
        Market openLeg = market("0xa").negRisk("nr1", "who-wins").build();
        Market closedLeg = market("0xb").negRisk("nr1", "who-wins").closed(true).build();
        cache.update(openLeg, T0);
        cache.update(closedLeg, T0);
        assertEquals(0, cache.evict(T0.minus(MEMORY)), "the event has an open leg: the closed one still counts as NO");
        assertEquals(List.of("0xa", "0xb"), cache.negRiskEvent("nr1").stream().map(Market::conditionId).toList());
        Instant later = T0.plus(MEMORY).plusSeconds(60);
        assertEquals(2, cache.evict(later.minus(MEMORY)), "no open leg seen for a while: the whole event goes");
        assertEquals(List.of(), cache.negRiskEvent("nr1"));
        assertEquals(0, cache.size());
    }
}
