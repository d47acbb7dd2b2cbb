package betterbot.signals.detection.internal;

import static betterbot.signals.detection.internal.Fixtures.T0;
import static betterbot.signals.detection.internal.Fixtures.book;
import static betterbot.signals.detection.internal.Fixtures.cache;
import static betterbot.signals.detection.internal.Fixtures.market;
import static betterbot.signals.detection.internal.Fixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Leg;
import betterbot.signals.RecommendedAction;
import betterbot.signals.Side;
import betterbot.signals.SignalType;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.market.BookLevel;
import betterbot.signals.market.FeeSchedule;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceDeviationDetectorTest {
    static final String EVENT = "0x" + "ab".repeat(31) + "00";
    final PriceDeviationDetector detector = new PriceDeviationDetector(DetectionConfig.defaults());

    /** A NegRisk event of three candidate markets 0xa, 0xb, 0xc; each builder may be changed. */
    static MarketCache event(UnaryOperator<Fixtures.MarketBuilder> a, UnaryOperator<Fixtures.MarketBuilder> b,
                             UnaryOperator<Fixtures.MarketBuilder> c) {
        return cache(a.apply(leg("0xa")).build(), b.apply(leg("0xb")).build(), c.apply(leg("0xc")).build());
    }

    static MarketCache event() {
        return event(m -> m, m -> m, m -> m);
    }

    static Fixtures.MarketBuilder leg(String id) {
        return market(id).negRisk(EVENT, "who-wins").liquidity(40_000.0).volumes(5_000.0, 30_000.0);
    }

    static OrderBook ask(String market, double ask, double size) {
        return book(market + "-yes", Math.round((ask - 0.02) * 100) / 100.0, 500, ask, size);
    }

    static OrderBook bid(String market, double bid, double size) {
        return book(market + "-yes", bid, size, Math.round((bid + 0.02) * 100) / 100.0, 500);
    }

    @ParameterizedTest(name = "asks {0} {1} {2} -> {3}")
    @CsvSource({
        // asks of the three YES legs, signals, edge after fees (fees disabled)
        "0.30,  0.31, 0.33, 1, 0.06",
        "0.32,  0.33, 0.33, 0, 0",      // Σ 0.98: an edge of exactly MIN_EDGE is not enough
        "0.32,  0.33, 0.32, 1, 0.03",   // one tick better
        "0.315, 0.33, 0.33, 0, 0",      // a sub-tick ask is rounded up to 0.32: Σ 0.98
        "0.34,  0.33, 0.33, 0, 0",      // Σ 1.00
    })
    void buyAllWhenTheAsksSumBelowOneMinusTheEdge(double a, double b, double c, int signals, double edge) {
        List<Detection> found = run(detector, event(), T0, ask("0xa", a, 100), ask("0xb", b, 100), ask("0xc", c, 100));
        assertEquals(signals, found.size());
        if (signals == 1) {
            assertEquals(edge, ((SignalType.PriceDeviation) found.get(0).type()).edgeAfterFees(), 1e-9);
        }
    }

    @Test
    void aNegRiskBuyAllCarriesItsLegsEdgeAndFillableSize() {
        Detection d = run(detector, event(), T0, ask("0xa", 0.30, 120), ask("0xb", 0.31, 80.5),
                ask("0xc", 0.33, 300)).get(0);
        assertEquals(new SignalType.PriceDeviation(3, 0.94, null, 0.06, 0.06, 80.5), d.type());
        assertEquals("price_deviation:" + EVENT + ":20261124T12", d.id());
        assertEquals("who-wins", d.marketSlug(), "an event-level signal carries the event's slug");
        assertEquals(0.86, d.confidence(), 1e-9);
        assertEquals(RecommendedAction.BUY_ALL, d.details().recommendedAction());
        assertEquals(Side.BUY, d.details().side());
        assertNull(d.details().conditionId());
        assertEquals("Event who-wins", d.details().marketTitle());
        assertEquals(List.of(new Leg("slug-0xa", "Yes", "0xa-yes", 0.30, 120), new Leg("slug-0xb", "Yes", "0xb-yes", 0.31, 80.5),
                new Leg("slug-0xc", "Yes", "0xc-yes", 0.33, 300)), d.details().legs());
        assertEquals(120_000.0, d.details().liquidity(), "the event's liquidity: the sum of its markets'");
        assertEquals(0.0, d.details().takerFeeRate());
        assertEquals(false, d.details().feeRateAssumed());
        assertEquals(T0.minusSeconds(2), d.details().eventTime(), "the books' time, not the detection's");
    }

    @Test
    void sellAllWhenTheBidsSumAboveOnePlusTheEdge() {
        Detection d = run(detector, event(), T0, bid("0xa", 0.36, 50), bid("0xb", 0.35, 70), bid("0xc", 0.36, 90))
                .get(0);
        assertEquals(new SignalType.PriceDeviation(3, null, 1.07, 0.07, 0.07, 50), d.type());
        assertEquals(RecommendedAction.SELL_ALL, d.details().recommendedAction());
        assertEquals(Side.SELL, d.details().side());
        assertEquals(0.36, d.details().legs().get(0).price());
    }

    @Test
    void feesComeFromEachMarketsSchedule() {
        FeeSchedule fee = new FeeSchedule(0.02, 1);
        MarketCache markets = event(m -> m.fees(fee), m -> m.fees(fee), m -> m.fees(fee));
        Detection d = run(detector, markets, T0, ask("0xa", 0.30, 100), ask("0xb", 0.31, 100), ask("0xc", 0.33, 100))
                .get(0);
        SignalType.PriceDeviation p = (SignalType.PriceDeviation) d.type();
        // 0.02 × (0.30·0.70 + 0.31·0.69 + 0.33·0.67) = 0.0129
        assertEquals(0.06, p.edge(), 1e-9);
        assertEquals(0.0471, p.edgeAfterFees(), 1e-9);
        assertEquals(0.02, d.details().takerFeeRate());
        assertEquals(false, d.details().feeRateAssumed());
    }

    @Test
    void anUnknownFeeScheduleAssumesTheDefaultRateAndSaysSo() {
        MarketCache markets = event(m -> m.fees(null), m -> m, m -> m);
        Detection d = run(detector, markets, T0, ask("0xa", 0.30, 100), ask("0xb", 0.31, 100), ask("0xc", 0.33, 100))
                .get(0);
        assertEquals(0.0558, ((SignalType.PriceDeviation) d.type()).edgeAfterFees(), 1e-9); // 0.06 − 0.02 × 0.21
        assertEquals(0.02, d.details().takerFeeRate());
        assertEquals(true, d.details().feeRateAssumed());
    }

    @Test
    void feesCanEatTheWholeEdge() {
        FeeSchedule steep = new FeeSchedule(0.10, 1);
        MarketCache markets = event(m -> m.fees(steep), m -> m.fees(steep), m -> m.fees(steep));
        assertEquals(List.of(), run(detector, markets, T0, ask("0xa", 0.30, 100), ask("0xb", 0.31, 100),
                ask("0xc", 0.33, 100)));
    }

    @Test
    void anEventWithALegMissingFromTheBatchIsNoArbitrage() {
        assertEquals(List.of(), run(detector, event(), T0, ask("0xa", 0.30, 100), ask("0xb", 0.31, 100)));
    }

    @Test
    void anEventWithAClosedOrNonTradingLegIsNoArbitrage() {
        OrderBook[] books = {ask("0xa", 0.30, 100), ask("0xb", 0.31, 100), ask("0xc", 0.33, 100)};
        assertEquals(List.of(), run(detector, event(m -> m, m -> m.closed(true), m -> m), T0, books));
        assertEquals(List.of(), run(detector, event(m -> m, m -> m, m -> m.acceptingOrders(false)), T0, books));
        assertEquals(List.of(), run(detector, event(m -> m.active(false), m -> m, m -> m), T0, books));
    }

    @Test
    void aLegWhoseTopSizeIsBelowItsMinimumOrderIsNoArbitrage() {
        assertEquals(List.of(), run(detector, event(), T0, ask("0xa", 0.30, 100), ask("0xb", 0.31, 4.99),
                ask("0xc", 0.33, 100)), "the books' minimum order is 5 shares");
    }

    @Test
    void theFillableSizeMustMeetEveryLegsMinimum() {
        OrderBook bigMinimum = new OrderBook(null, "0xa-yes", T0, List.of(), List.of(new BookLevel(0.30, 60)), 50.0,
                0.01, "h");
        assertEquals(List.of(), run(detector, event(), T0, bigMinimum, ask("0xb", 0.31, 10), ask("0xc", 0.33, 100)));
    }

    @Test
    void anAugmentedEventIsNeverACompleteSetWhetherItsOutcomesAreNamedOrNot() {
        OrderBook[] books = {ask("0xa", 0.30, 100), ask("0xb", 0.31, 100), ask("0xc", 0.33, 100)};
        assertEquals(1, run(detector, event(), T0, books).size(), "the same asks on a plain NegRisk event");
        assertEquals(List.of(), run(detector, event(m -> m.placeholder(false), m -> m.placeholder(false),
                m -> m.placeholder(true)), T0, books), "a placeholder outcome is still to be named");
        assertEquals(List.of(), run(detector, event(m -> m.augmented(true), m -> m.augmented(true),
                m -> m.augmented(true)), T0, books), "outcomes can still be added to an augmented event");
    }

    /** A champion event late in its life: 0xa and 0xb still open, 0xc and 0xd eliminated. */
    static MarketCache lateEvent(UnaryOperator<Fixtures.MarketBuilder> c, UnaryOperator<Fixtures.MarketBuilder> d) {
        return cache(leg("0xa").build(), leg("0xb").build(), c.apply(leg("0xc")).build(), d.apply(leg("0xd")).build());
    }

    @Test
    void legsResolvedNoLeaveTheSetAndTheOpenLegsAreJudgedAsTheCompleteSet() {
        Detection d = run(detector, lateEvent(m -> m.resolved(false), m -> m.resolved(false)), T0,
                ask("0xa", 0.45, 100), ask("0xb", 0.50, 100)).get(0);
        assertEquals(new SignalType.PriceDeviation(2, 0.95, null, 0.05, 0.05, 100), d.type());
        assertEquals(List.of("slug-0xa", "slug-0xb"), d.details().legs().stream().map(Leg::marketSlug).toList());
    }

    @Test
    void aLegResolvedYesOrAClosedLegOfUnknownResolutionGivesNothing() {
        OrderBook[] books = {ask("0xa", 0.45, 100), ask("0xb", 0.50, 100)};
        assertEquals(List.of(), run(detector, lateEvent(m -> m.resolved(false), m -> m.resolved(true)), T0, books),
                "the event is decided: the open legs' cheap asks are worth nothing");
        assertEquals(List.of(), run(detector, lateEvent(m -> m.resolved(false),
                m -> m.closed(true).prices(0.02, 0.98)), T0, books), "closed, but who knows how it resolved");
        assertEquals(List.of(), run(detector, lateEvent(m -> m.resolved(false), m -> m.acceptingOrders(false)), T0,
                books), "a halted leg that is not closed is still an outcome, without a book");
    }

    @Test
    void oneOpenLegLeftIsNoSet() {
        assertEquals(List.of(), run(detector, event(m -> m, m -> m.resolved(false), m -> m.resolved(false)), T0,
                ask("0xa", 0.90, 100)));
    }

    @Test
    void theIndexGapCheckCountsClosedLegsAsPresent() {
        String prefix = EVENT.substring(0, 64);
        MarketCache complete = event(m -> m.questionId(prefix + "00"), m -> m.questionId(prefix + "01"),
                m -> m.questionId(prefix + "02").resolved(false));
        assertEquals(1, run(detector, complete, T0, ask("0xa", 0.45, 100), ask("0xb", 0.50, 100)).size());
        MarketCache gap = event(m -> m.questionId(prefix + "00"), m -> m.questionId(prefix + "01"),
                m -> m.questionId(prefix + "03").resolved(false));
        assertEquals(List.of(), run(detector, gap, T0, ask("0xa", 0.45, 100), ask("0xb", 0.50, 100)),
                "leg 02 was never seen: it may be the winner");
    }

    @ParameterizedTest(name = "question indices {0} {1} {2} -> {3}")
    @CsvSource({"00, 01, 02, 1", "02, 00, 01, 1", "00, 01, 03, 0", "01, 02, 03, 0"})
    void aGapInTheQuestionIndicesIsAMissingLeg(String a, String b, String c, int signals) {
        String prefix = EVENT.substring(0, 64);
        MarketCache markets = event(m -> m.questionId(prefix + a), m -> m.questionId(prefix + b),
                m -> m.questionId(prefix + c));
        assertEquals(signals, run(detector, markets, T0, ask("0xa", 0.30, 100), ask("0xb", 0.31, 100),
                ask("0xc", 0.33, 100)).size());
    }

    @Test
    void midPricesSummingTo096WhileTheAsksSumTo101IsNoDeviation() {
        // the reference priced "arbitrage" from these mid prices
        Market binary = market("0xb1").prices(0.48, 0.48).build();
        assertEquals(List.of(), run(detector, cache(binary), T0, book("0xb1-yes", 0.47, 100, 0.50, 100),
                book("0xb1-no", 0.46, 100, 0.51, 100)));
    }

    @Test
    void aBinaryMarketWhoseBooksWereCaughtApartCanDeviate() {
        Detection d = run(detector, cache(market("0xb1").build()), T0, book("0xb1-yes", 0.40, 100, 0.45, 100),
                book("0xb1-no", 0.45, 100, 0.50, 60)).get(0);
        assertEquals(new SignalType.PriceDeviation(2, 0.95, null, 0.05, 0.05, 60), d.type());
        assertEquals("price_deviation:0xb1:20261124T12", d.id());
        assertEquals("slug-0xb1", d.marketSlug());
        assertEquals("0xb1", d.details().conditionId());
        assertEquals(250_000.0, d.details().liquidity(), "one market, counted once");
        assertEquals(List.of("Yes", "No"), d.details().legs().stream().map(Leg::outcome).toList());
    }

    @Test
    void aBinaryMarketNeedsBothBooks() {
        assertEquals(List.of(), run(detector, cache(market("0xb1").build()), T0, book("0xb1-yes", 0.40, 100, 0.45, 100)));
    }

    @Test
    void aDeviationStillThereOnTheNextPollIsTheSameSituation() {
        MarketCache markets = event();
        OrderBook[] books = {ask("0xa", 0.30, 100), ask("0xb", 0.31, 100), ask("0xc", 0.33, 100)};
        assertEquals(1, run(detector, markets, T0, books).size());
        assertEquals(0, run(detector, markets, T0.plusSeconds(30), books).size());
        assertEquals(0, run(detector, markets, T0.plusSeconds(1500), books).size());
        List<Detection> later = run(detector, markets, T0.plusSeconds(7200), books);
        assertEquals(List.of("price_deviation:" + EVENT + ":20261124T14"), later.stream().map(Detection::id).toList());
    }

    @Test
    void booksOfMarketsNeverSeenAreIgnored() {
        assertEquals(List.of(), run(detector, new MarketCache(), T0, ask("0xa", 0.30, 100), ask("0xb", 0.31, 100),
                ask("0xc", 0.33, 100)));
    }

    @Test
    void ticksRoundAgainstTheTrader() {
        assertEquals(0.32, PriceDeviationDetector.roundUp(0.311, 0.01));
        assertEquals(0.31, PriceDeviationDetector.roundUp(0.31, 0.01));
        assertEquals(0.31, PriceDeviationDetector.roundDown(0.319, 0.01));
        assertEquals(0.357, PriceDeviationDetector.roundDown(0.357, 0.001));
        assertEquals(0.3123, PriceDeviationDetector.roundUp(0.3123, null));
        assertTrue(PriceDeviationDetector.hasIndexGap(List.of(leg("0xa").questionId(EVENT.substring(0, 64) + "01")
                .build(), leg("0xb").questionId(EVENT.substring(0, 64) + "02").build())));
    }
}
