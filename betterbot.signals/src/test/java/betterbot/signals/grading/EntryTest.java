package betterbot.signals.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Details;
import betterbot.signals.Leg;
import betterbot.signals.RecommendedAction;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryTest {
    static final Instant DETECTED = Instant.parse("2026-11-24T12:00:00Z");
    static final String YES = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    static final String NO = "52114319501245915516055106046884209969926127482827954674443846427813813222426";

    static Signal signal(SignalType type, double confidence, Details details) {
        return new Signal(type.name() + ":key", type, "will-it-rain", confidence, RiskLevel.MEDIUM, details, DETECTED,
                Source.POLYMARKET);
    }

    static Details follow(Side side, double price, Double size) {
        return Details.builder().conditionId("0xc1").outcome("Yes").outcomeIndex(0).assetId(YES).side(side)
                .currentPrice(price).liquidity(250_000.0)
                .recommendedAction(side == Side.BUY ? RecommendedAction.FOLLOW_BUY : RecommendedAction.FOLLOW_SELL)
                .recommendedSizeUsd(size).build();
    }

    @Test
    void aFollowBuyHoldsTheTradedOutcomeAtTheTradePrice() {
        Entry e = Entry.of(signal(new SignalType.WhaleTrade("0xw", 48_000, 80_000, 0.6), 0.75,
                follow(Side.BUY, 0.6, 937.5))).orElseThrow();
        assertEquals(List.of(new Holding(YES, false, 0.6)), e.holdings());
        assertEquals(0.6, e.price());
        assertEquals(937.5, e.sizeUsd());
        assertEquals("whale_trade", e.signalType());
        assertEquals(0.75, e.confidence());
        assertEquals(DETECTED, e.detectedAt());
    }

    @Test
    void aFollowSellHoldsTheOtherOutcomeAtOneMinusThePrice() {
        Entry e = Entry.of(signal(new SignalType.TrackedWalletEntry("0xw", "insider_x", 900, 3_000, 0.3), 0.7,
                follow(Side.SELL, 0.3, null))).orElseThrow();
        assertEquals(List.of(new Holding(YES, true, 0.7)), e.holdings(), "the complement of the sold token");
        assertEquals(null, e.sizeUsd());
    }

    @Test
    void aClusterIsHeldLikeItsNewestTrade() {
        Entry e = Entry.of(signal(new SignalType.WhaleCluster(3, List.of("a", "b", "c"), 45_000, Side.BUY, "Yes",
                60), 0.7, follow(Side.BUY, 0.41, 1000.0))).orElseThrow();
        assertEquals(List.of(new Holding(YES, false, 0.41)), e.holdings());
    }

    @Test
    void buyAllHoldsEveryYesAtItsAskAndSellAllEveryNoAtOneMinusItsBid() {
        List<Leg> legs = List.of(new Leg("a-wins", "Yes", "111", 0.30, 500), new Leg("b-wins", "Yes", "222", 0.31, 700),
                new Leg("c-wins", "Yes", "333", 0.33, 900));
        Entry buy = Entry.of(signal(new SignalType.PriceDeviation(3, 0.94, null, 0.06, 0.06, 500), 0.86,
                Details.builder().legs(legs).recommendedAction(RecommendedAction.BUY_ALL).recommendedSizeUsd(470.0)
                        .build())).orElseThrow();
        assertEquals(List.of(new Holding("111", false, 0.30), new Holding("222", false, 0.31),
                new Holding("333", false, 0.33)), buy.holdings());
        assertEquals(0.94, buy.price(), 1e-12);
        Entry sell = Entry.of(signal(new SignalType.PriceDeviation(3, null, 0.94, 0.06, 0.06, 500), 0.86,
                Details.builder().legs(legs).recommendedAction(RecommendedAction.SELL_ALL).build())).orElseThrow();
        assertEquals(List.of(new Holding("111", true, 0.70), new Holding("222", true, 0.69),
                new Holding("333", true, 0.67)), sell.holdings());
    }

    @Test
    void anExpiryEdgeHoldsTheFavouriteAtItsPrice() {
        Entry e = Entry.of(signal(new SignalType.ExpiryEdge(1.5, "No", 0.88), 0.88, Details.builder().outcome("No")
                .outcomeIndex(1).assetId(NO).side(Side.BUY).currentPrice(0.88)
                .recommendedAction(RecommendedAction.BUY_FAVOURITE).build())).orElseThrow();
        assertEquals(List.of(new Holding(NO, false, 0.88)), e.holdings());
    }

    @Test
    void signalsWithoutASideOrWithoutTheirPricesAreNotGraded() {
        Details d = follow(Side.BUY, 0.6, null);
        assertTrue(Entry.of(signal(new SignalType.VolumeSpike(120_000, 20_000, 6), 0.9, d)).isEmpty());
        assertTrue(Entry.of(signal(new SignalType.WideSpread("Yes", 0.3, 0.5, 0.2), 0.6, d)).isEmpty());
        assertTrue(Entry.of(signal(new SignalType.WhaleTrade("0xw", 48_000, 80_000, 0.6), 0.75,
                d.toBuilder().assetId(null).build())).isEmpty(), "no token to price later");
        assertTrue(Entry.of(signal(new SignalType.PriceDeviation(2, 0.9, null, 0.1, 0.1, 5), 0.9,
                Details.builder().build())).isEmpty(), "no legs");
    }
}
