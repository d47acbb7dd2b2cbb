package betterbot.signals.grading;

import static betterbot.signals.grading.EntryTest.DETECTED;
import static betterbot.signals.grading.EntryTest.NO;
import static betterbot.signals.grading.EntryTest.YES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import betterbot.signals.SignalJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraderTest {
    static final Horizon HOUR = Horizon.parse("1h");
    static final Instant LATER = DETECTED.plus(Duration.ofDays(3));

    static Entry entry(Double size, Holding... holdings) {
        return new Entry("whale_trade:key", "whale_trade", 0.75, List.of(holdings), size, DETECTED);
    }

    @Test
    void aHorizonIsGradedFromTheSideValueThen() {
        // a follower of a SELL of YES at 0.30 holds NO at 0.70; an hour later YES trades at 0.20: NO is worth 0.80
        Entry e = entry(1000.0, new Holding(YES, true, 0.7));
        Instant at = DETECTED.plus(Duration.ofMinutes(61));
        Grade g = Grader.atHorizon(e, HOUR, new PriceObservation(at, Map.of(YES, 0.2)), LATER);
        assertEquals(Grade.State.GRADED, g.state());
        assertEquals(DETECTED.plusSeconds(3600), g.dueAt());
        assertEquals(LATER, g.gradedAt());
        assertEquals(at, g.observedAt());
        assertEquals(0.8, g.price());
        assertEquals(0.142857143, g.returnPerDollar(), 1e-12); // 0.80 / 0.70 − 1
        assertEquals(true, g.hit());
        assertEquals(142.86, g.pnlUsd());
    }

    @Test
    void aFallingPriceIsAMissAndAnUnsizedSignalHasNoPnl() {
        Entry e = entry(null, new Holding(YES, false, 0.6));
        Grade g = Grader.atHorizon(e, HOUR, new PriceObservation(DETECTED.plusSeconds(3600), Map.of(YES, 0.45)),
                LATER);
        assertEquals(-0.25, g.returnPerDollar(), 1e-12);
        assertEquals(false, g.hit());
        assertNull(g.pnlUsd());
    }

    @Test
    void settlementPaysOneForTheWinningSide() {
        Entry followSell = entry(1000.0, new Holding(YES, true, 0.7));
        Grade won = Grader.atSettlement(followSell, new Settlement(LATER, Map.of(YES, false, NO, true)), LATER);
        assertEquals(Horizon.SETTLEMENT, won.horizon());
        assertEquals(LATER, won.dueAt(), "due when resolved");
        assertEquals(1.0, won.price());
        assertEquals(0.428571429, won.returnPerDollar(), 1e-12);
        assertEquals(true, won.hit());
        assertEquals(428.57, won.pnlUsd());
        Grade lost = Grader.atSettlement(entry(500.0, new Holding(YES, false, 0.6)),
                new Settlement(LATER, Map.of(YES, false)), LATER);
        assertEquals(0.0, lost.price());
        assertEquals(-1.0, lost.returnPerDollar());
        assertEquals(false, lost.hit());
        assertEquals(-500.0, lost.pnlUsd());
    }

    @Test
    void aBuyAllSetIsWorthItsLegsTogetherAndSettlesOnItsOnePayingLeg() {
        Entry set = entry(470.0, new Holding("111", false, 0.30), new Holding("222", false, 0.31),
                new Holding("333", false, 0.33));
        Grade g = Grader.atSettlement(set, new Settlement(LATER, Map.of("111", false, "222", true, "333", false)),
                LATER);
        assertEquals(1.0, g.price());
        assertEquals(0.063829787, g.returnPerDollar(), 1e-12); // 1 / 0.94 − 1
        assertEquals(true, g.hit());
        assertEquals(30.0, g.pnlUsd());
    }

    @Test
    void aSellAllSetHoldsEveryNo() {
        // YES bids 0.40 + 0.35 + 0.30: every NO bought at 0.60 + 0.65 + 0.70 = 1.95
        Entry set = entry(null, new Holding("111", true, 0.60), new Holding("222", true, 0.65),
                new Holding("333", true, 0.70));
        Grade settled = Grader.atSettlement(set,
                new Settlement(LATER, Map.of("111", false, "222", true, "333", false)), LATER);
        assertEquals(2.0, settled.price(), "two NO legs pay 1");
        assertEquals(0.025641026, settled.returnPerDollar(), 1e-12);
        Grade flat = Grader.atHorizon(set, HOUR, new PriceObservation(DETECTED.plusSeconds(3600),
                Map.of("111", 0.45, "222", 0.35, "333", 0.25)), LATER);
        assertEquals(1.95, flat.price(), 1e-12);
        assertEquals(0.0, flat.returnPerDollar(), 1e-12);
        assertEquals(false, flat.hit(), "a zero return is not a hit");
    }

    @Test
    void aMissingPriceOrResolutionIsAnErrorNotAGuess() {
        Entry e = entry(null, new Holding(YES, false, 0.6));
        assertThrows(IllegalArgumentException.class, () -> Grader.atHorizon(e, HOUR,
                new PriceObservation(DETECTED, Map.of(NO, 0.4)), LATER));
        assertThrows(IllegalArgumentException.class, () -> Grader.atSettlement(e,
                new Settlement(LATER, Map.of(NO, true)), LATER));
        assertThrows(IllegalArgumentException.class, () -> Grader.atHorizon(e, Horizon.SETTLEMENT,
                new PriceObservation(DETECTED, Map.of(YES, 0.4)), LATER));
    }

    @Test
    void aLateGradeUsesTheObservationClosestToItsHorizon() {
        Entry e = entry(null, new Holding(YES, false, 0.6));
        PriceObservation early = new PriceObservation(DETECTED.plus(Duration.ofMinutes(50)), Map.of(YES, 0.61));
        PriceObservation close = new PriceObservation(DETECTED.plus(Duration.ofMinutes(65)), Map.of(YES, 0.62));
        PriceObservation closerButOtherToken = new PriceObservation(DETECTED.plus(Duration.ofMinutes(61)),
                Map.of(NO, 0.4));
        PriceObservation far = new PriceObservation(DETECTED.plus(Duration.ofMinutes(80)), Map.of(YES, 0.7));
        List<PriceObservation> seen = List.of(early, closerButOtherToken, far, close);
        assertEquals(close, Grader.closest(e, HOUR, seen, Duration.ofMinutes(15)).orElseThrow());
        assertEquals(true, Grader.closest(e, HOUR, List.of(early, far), Duration.ofMinutes(5)).isEmpty(),
                "none within the tolerance");
        Grade g = Grader.atHorizon(e, HOUR, close, LATER);
        assertEquals(close.observedAt(), g.observedAt());
        assertEquals(DETECTED.plusSeconds(3600), g.dueAt());
    }

    @Test
    void aGradeHasTheWireFormOfTheContract() throws Exception {
        Entry e = entry(1000.0, new Holding(YES, true, 0.7));
        Grade g = Grader.atHorizon(e, HOUR, new PriceObservation(DETECTED.plusSeconds(3660), Map.of(YES, 0.2)),
                LATER);
        JsonNode node = SignalJson.mapper().valueToTree(g);
        assertEquals("1h", node.get("horizon").asText());
        assertEquals("graded", node.get("state").asText());
        assertEquals("2026-11-24T13:00:00.000Z", node.get("due_at").asText());
        assertEquals("2026-11-24T13:01:00.000Z", node.get("observed_at").asText());
        assertEquals(0.142857143, node.get("return").asDouble(), 1e-12);
        assertEquals(true, node.get("hit").asBoolean());
        assertEquals(142.86, node.get("pnl_usd").asDouble());
        assertEquals("settlement", SignalJson.mapper().valueToTree(Grade.pending(e, Horizon.SETTLEMENT))
                .get("horizon").asText());
    }

    @Test
    void aPendingGradeIsDueAtItsHorizonAndSettlementWhenResolved() {
        Entry e = entry(null, new Holding(YES, false, 0.6));
        Grade hour = Grade.pending(e, HOUR);
        assertEquals(Grade.State.PENDING, hour.state());
        assertEquals(DETECTED.plusSeconds(3600), hour.dueAt());
        assertNull(hour.price());
        assertNull(Grade.pending(e, Horizon.SETTLEMENT).dueAt());
    }
}
