package betterbot.signals.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Details;
import betterbot.signals.Leg;
import betterbot.signals.RecommendedAction;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.market.BookLevel;
import betterbot.signals.market.GammaJson;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import betterbot.signals.sources.MarketFeed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradingLoopTest {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final String YES = "71321045679252212594626385532706912750332728571942532289631379312455583992563";
    static final String NO = "52114319501245915516055106046884209969926127482827954674443846427813813222426";
    static final List<Horizon> HORIZONS = Horizon.parseList("1h,24h");

    InMemoryGradeBook book = new InMemoryGradeBook(HORIZONS);

    /** The pipeline's stand-in: answers the signals queued for the next call, stored first as the store does. */
    final class FakePipeline implements MarketFeed {
        final List<Signal> next = new ArrayList<>();
        RuntimeException fail;

        List<Signal> answer() {
            if (fail != null) {
                throw fail;
            }
            List<Signal> out = List.copyOf(next);
            next.clear();
            out.forEach(book::add);
            return out;
        }

        @Override
        public List<Signal> onMarkets(List<Market> markets, Instant capturedAt) {
            return answer();
        }

        @Override
        public List<Signal> onBooks(List<OrderBook> books, Instant capturedAt) {
            return answer();
        }

        @Override
        public List<Signal> onTrades(List<Trade> trades, Instant capturedAt) {
            return answer();
        }
    }

    final FakePipeline pipeline = new FakePipeline();

    static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    static Instant t(Duration d) {
        return T0.plus(d);
    }

    static Duration min(long m) {
        return Duration.ofMinutes(m);
    }

    static Signal follow(String id, Side side, double price, Double size, String conditionId, String token) {
        return new Signal(id, new SignalType.WhaleTrade("0xw", 48_000, 80_000, price), "rain", 0.75, RiskLevel.MEDIUM,
                Details.builder().conditionId(conditionId).outcome("Yes").outcomeIndex(0).assetId(token).side(side)
                        .currentPrice(price).liquidity(250_000.0)
                        .recommendedAction(side == Side.BUY ? RecommendedAction.FOLLOW_BUY : RecommendedAction.FOLLOW_SELL)
                        .recommendedSizeUsd(size).build(), T0, Source.POLYMARKET);
    }

    static Signal buyYes() {
        return follow("whale_trade:1", Side.BUY, 0.6, 100.0, "0xc1", YES);
    }

    /** A Gamma market in its real shape: string-encoded arrays, numbers as strings. */
    static String marketJson(String condition, String yes, String no, String yesPrice, String noPrice, boolean closed,
                             String uma) {
        return """
                {"id":"1","question":"Will it rain?","conditionId":"%s","slug":"rain","active":true,"closed":%s,
                 "acceptingOrders":%s,%s"outcomes":"[\\"Yes\\", \\"No\\"]",
                 "outcomePrices":"[\\"%s\\", \\"%s\\"]","clobTokenIds":"[\\"%s\\", \\"%s\\"]",
                 "volume24hr":"1000","liquidityNum":"25000"}
                """.formatted(condition, closed, !closed, uma == null ? "" : "\"umaResolutionStatus\":\"" + uma + "\",",
                yesPrice, noPrice, yes, no);
    }

    static List<Market> markets(String... json) {
        return GammaJson.markets("[" + String.join(",", json) + "]").rows();
    }

    static List<Market> open(String yesPrice) {
        double p = Double.parseDouble(yesPrice);
        return markets(marketJson("0xc1", YES, NO, yesPrice, String.valueOf(Math.round((1 - p) * 1000) / 1000.0),
                false, null));
    }

    static List<Market> resolved(String condition, String yes, String no, boolean yesWon) {
        return markets(marketJson(condition, yes, no, yesWon ? "1" : "0", yesWon ? "0" : "1", true, "resolved"));
    }

    Grading start(Instant now) {
        return Grading.start(book, GradingConfig.defaults(), at(now));
    }

    Grade grade(String signalId, Horizon h) {
        return book.grades(signalId).stream().filter(g -> g.horizon().equals(h)).findFirst().orElseThrow();
    }

    static final Horizon H1 = Horizon.parse("1h");
    static final Horizon H24 = Horizon.parse("24h");

    @Test
    void aHorizonIsGradedFromTheObservationClosestToItsDueTimeAtTheDeliveriesOwnTimes() {
        Grading grading = start(T0);
        MarketFeed feed = grading.observing(pipeline);
        pipeline.next.add(buyYes());
        assertEquals(1, feed.onTrades(List.of(), T0).size(), "the pipeline's answer is passed on");
        feed.onMarkets(open("0.62"), t(min(10)));
        feed.onMarkets(open("0.64"), t(min(59)));
        assertTrue(grade("whale_trade:1", H1).state() == Grade.State.PENDING, "not due yet");
        feed.onMarkets(open("0.70"), t(min(62)));
        Grade g = grade("whale_trade:1", H1);
        assertTrue(g.isGraded());
        assertEquals(t(min(59)), g.observedAt(), "1 min before due is closer than 2 min after");
        assertEquals(0.64, g.price());
        assertEquals(0.066666667, g.returnPerDollar());
        assertEquals(6.67, g.pnlUsd());
        assertEquals(t(min(60)), g.dueAt());
        assertEquals(t(min(62)), g.gradedAt(), "graded at the delivery's capturedAt, not the wall clock");
        assertTrue(g.hit());
        assertEquals(Map.of("1h", 1L), grading.stats().gradesByHorizon());
        assertEquals(Grade.State.PENDING, grade("whale_trade:1", H24).state());
    }

    @Test
    void booksGiveTheMidpointAndOnlyWhenBothSidesArePresent() {
        Grading grading = start(T0);
        MarketFeed feed = grading.observing(pipeline);
        pipeline.next.add(buyYes());
        feed.onTrades(List.of(), T0);
        feed.onBooks(List.of(book(YES, 0.50, null)), t(min(58)));
        feed.onBooks(List.of(book(YES, 0.66, 0.70), book("unwatched", 0.1, 0.2)), t(min(61)));
        Grade g = grade("whale_trade:1", H1);
        assertEquals(0.68, g.price(), 1e-9);
        assertEquals(t(min(61)), g.observedAt(), "a book with no ask is no price");
        assertTrue(book.allObservations().stream().noneMatch(o -> o.prices().containsKey("unwatched")));
    }

    @Test
    void inTheBackgroundTheCallerGoesOnWhileTheBookIsSlowAndCloseRunsWhatWaitsInOrder() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        book = new InMemoryGradeBook(HORIZONS) {
            @Override
            public void observe(PriceObservation observation) { // waits outside the book's lock
                try {
                    release.await(); // a grade book stuck behind a long write
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.observe(observation);
            }
        };
        Grading grading = start(T0);
        MarketFeed feed = grading.observingInBackground(pipeline);
        pipeline.next.add(buyYes());
        assertEquals(1, feed.onTrades(List.of(), T0).size(), "the pipeline's answer is passed on");
        List<OrderBook> books = new ArrayList<>(List.of(book(YES, 0.60, 0.64)));
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            feed.onBooks(books, t(min(30)));
            books.clear(); // the caller may reuse its list: the loop has its own copy
            feed.onBooks(List.of(book(YES, 0.68, 0.72)), t(min(61)));
        }, "the caller does not wait for the grade book");
        assertEquals(List.of(), book.allObservations(), "nothing observed while the book is stuck");
        release.countDown();
        grading.close(); // runs what waits, in order
        List<PriceObservation> kept = book.allObservations();
        assertEquals(List.of(t(min(30)), t(min(61))), kept.stream().map(PriceObservation::observedAt).toList());
        assertEquals(0.70, grade("whale_trade:1", H1).price(), 1e-9, "graded at 61 min from the second book");
        feed.onBooks(List.of(book(YES, 0.50, 0.52)), t(min(62)));
        assertEquals(2, grading.stats().observationsKept(), "after close the caller observes itself: nothing new due");
    }

    static OrderBook book(String asset, Double bid, Double ask) {
        return new OrderBook("0xc1", asset, T0, bid == null ? List.of() : List.of(new BookLevel(bid, 100)),
                ask == null ? List.of() : List.of(new BookLevel(ask, 100)), 5.0, 0.01, "h");
    }

    @Test
    void overASimulatedDayOnlyAFewObservationsPerHourAreKeptAndBothHorizonsAreGraded() {
        Grading grading = start(T0);
        MarketFeed feed = grading.observing(pipeline);
        pipeline.next.add(buyYes());
        feed.onTrades(List.of(), T0);
        String other = marketJson("0xc9", "91", "92", "0.5", "0.5", false, null);
        for (int minute = 1; minute <= 25 * 60; minute++) {
            String price = String.valueOf(0.5 + (minute % 40) / 100.0);
            feed.onMarkets(markets(marketJson("0xc1", YES, NO, price, "0.4", false, null), other), t(min(minute)));
        }
        List<PriceObservation> kept = book.allObservations();
        // 1,500 prices seen: a checkpoint every 15 min until the 24 h horizon's window ends (at 36 h, so all 25 h),
        // plus a handful denser towards each due time
        assertTrue(kept.size() <= 100 + 2 * 8, "kept " + kept.size());
        assertTrue(kept.size() >= 100, "kept " + kept.size());
        for (int i = 1; i < kept.size(); i++) {
            Duration gap = Duration.between(kept.get(i - 1).observedAt(), kept.get(i).observedAt());
            assertTrue(gap.compareTo(min(15)) <= 0, "never more than a checkpoint apart: " + gap);
        }
        assertTrue(kept.stream().noneMatch(o -> o.prices().containsKey("91")), "only watched tokens are kept");
        assertEquals(t(min(60)), grade("whale_trade:1", H1).observedAt(), "a price at the due time itself");
        assertEquals(t(Duration.ofHours(24)), grade("whale_trade:1", H24).observedAt());
        assertEquals(kept.size(), grading.stats().observationsKept());
    }

    /** A whale trade at T0, then its market's price every 5 minutes until 55 min, watched by a first grader. */
    void watchTheFirstHour() {
        MarketFeed feed = start(T0).observing(pipeline);
        pipeline.next.add(buyYes());
        feed.onTrades(List.of(), T0);
        for (int m = 5; m <= 55; m += 5) {
            feed.onMarkets(open(String.format(java.util.Locale.ROOT, "%.3f", 0.60 + m / 1000.0)), t(min(m)));
        }
    }

    @Test
    void aNewGraderOverTheSameBookResumesAndGradesAHorizonThatFellDueWhileDown() {
        watchTheFirstHour();
        // kept: 5 (first), 20 and 35 (checkpoints), 50 and 55 (denser towards the due time); then the service stops
        assertEquals(List.of(t(min(5)), t(min(20)), t(min(35)), t(min(50)), t(min(55))),
                book.allObservations().stream().map(PriceObservation::observedAt).toList());

        Grading second = start(t(Duration.ofHours(3)));
        Grade g = grade("whale_trade:1", H1);
        assertTrue(g.isGraded(), "graded on start from the kept observations");
        assertEquals(t(min(55)), g.observedAt(), "the closest kept observation, and it says which");
        assertEquals(0.655, g.price());
        assertEquals(t(Duration.ofHours(3)), g.gradedAt());
        assertEquals(1, second.stats().indexedEntries(), "24 h and settlement still to come");
    }

    @Test
    void startingInTheBackgroundReturnsBeforeTheCatchUpAndTheCatchUpStillGradesWhatFellDueWhileDown()
            throws Exception {
        watchTheFirstHour();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        GradeBook slow = new GradeBookDelegate(book) {
            @Override
            public List<PriceObservation> observations(java.util.Collection<String> tokens, Instant from, Instant to) {
                try {
                    release.await(); // a store busy with thousands of look-ups
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.observations(tokens, from, to);
            }
        };
        Grading second = Grading.startCatchingUpInBackground(slow, GradingConfig.defaults(), at(t(Duration.ofHours(3))));
        assertFalse(grade("whale_trade:1", H1).isGraded(), "returned before the catch-up's look-up finished");
        release.countDown();
        second.awaitCatchUp(Duration.ofSeconds(5));
        Grade g = grade("whale_trade:1", H1);
        assertTrue(g.isGraded(), "graded by the catch-up");
        assertEquals(t(min(55)), g.observedAt());
        assertEquals(t(Duration.ofHours(3)), g.gradedAt());
    }

    @Test
    void aFollowBuyAndAFollowSellSettleFromTheirMarketsResolution() {
        Grading grading = start(T0);
        MarketFeed feed = grading.observing(pipeline);
        pipeline.next.add(buyYes());
        // SELL of YES at 0.30: the follower holds NO at 0.70
        pipeline.next.add(follow("whale_trade:2", Side.SELL, 0.3, 50.0, "0xc1", YES));
        feed.onTrades(List.of(), T0);
        feed.onMarkets(resolved("0xc1", YES, NO, false), t(min(30)));

        Grade buy = grade("whale_trade:1", Horizon.SETTLEMENT);
        assertEquals(0.0, buy.price());
        assertEquals(-1.0, buy.returnPerDollar());
        assertEquals(false, buy.hit());
        assertEquals(-100.0, buy.pnlUsd());
        assertEquals(t(min(30)), buy.dueAt(), "due at the resolution");
        Grade sell = grade("whale_trade:2", Horizon.SETTLEMENT);
        assertEquals(1.0, sell.price());
        assertEquals(0.428571429, sell.returnPerDollar());
        assertEquals(true, sell.hit());

        // a horizon due after the resolution is worth the resolution's value, observed at the resolution
        feed.onTrades(List.of(), t(min(61)));
        Grade h1 = grade("whale_trade:2", H1);
        assertEquals(1.0, h1.price());
        assertEquals(t(min(30)), h1.observedAt());
        assertEquals(t(min(61)), h1.gradedAt());
        assertEquals(2, grading.stats().indexedEntries(), "the 24 h grades are still to come");
        feed.onTrades(List.of(), t(Duration.ofHours(24)));
        assertEquals(0, grading.stats().indexedEntries(), "every grade made: the entries leave the index");
        assertEquals(Map.of("1h", 2L, "24h", 2L, "settlement", 2L), grading.stats().gradesByHorizon());
    }

    @Test
    void aRoundsGradesAreRecordedTogetherAndOneByOneWhenTheBatchFails() {
        for (boolean batchFails : new boolean[] {false, true}) {
            book = new InMemoryGradeBook(HORIZONS);
            book.failingTogether = batchFails;
            Grading grading = start(T0);
            MarketFeed feed = grading.observing(pipeline);
            pipeline.next.add(buyYes());
            pipeline.next.add(follow("whale_trade:2", Side.SELL, 0.3, 50.0, "0xc1", YES));
            feed.onTrades(List.of(), T0);
            feed.onMarkets(resolved("0xc1", YES, NO, false), t(min(30)));
            assertEquals(Horizon.SETTLEMENT, grade("whale_trade:1", Horizon.SETTLEMENT).horizon());
            assertEquals(true, grade("whale_trade:2", Horizon.SETTLEMENT).hit());
            assertEquals(batchFails ? 0 : 1, book.batches, "both settlements in one transaction");
            assertEquals(Map.of("settlement", 2L), grading.stats().gradesByHorizon(), "counted once each");
        }
    }

    @Test
    void aNegRiskBuyAllSetSettlesWhenItsLastLegResolvesWhicheverOrderTheyComeIn() {
        List<Leg> legs = List.of(new Leg("a", "Yes", "a-yes", 0.30, 500), new Leg("b", "Yes", "b-yes", 0.30, 500),
                new Leg("c", "Yes", "c-yes", 0.30, 500));
        Signal set = new Signal("price_deviation:1", new SignalType.PriceDeviation(3, 0.90, null, 0.1, 0.1, 500), "ev",
                0.86, RiskLevel.LOW, Details.builder().legs(legs).recommendedAction(RecommendedAction.BUY_ALL)
                .recommendedSizeUsd(450.0).build(), T0, Source.POLYMARKET);
        Grading grading = start(T0);
        MarketFeed feed = grading.observing(pipeline);
        pipeline.next.add(set);
        feed.onTrades(List.of(), T0);
        assertEquals(new GradingTargets(java.util.Set.of(), java.util.Set.of("a-yes", "b-yes", "c-yes")),
                grading.targets(t(min(1))), "a set names no market: its legs are asked for by token");

        feed.onMarkets(resolved("0xa", "a-yes", "a-no", false), t(min(10)));
        grading.observeMarkets(resolved("0xb", "b-yes", "b-no", false), t(min(20)));
        assertEquals(Grade.State.PENDING, grade("price_deviation:1", Horizon.SETTLEMENT).state(),
                "two legs resolved NO: the winner is not known yet");
        assertEquals(java.util.Set.of("c-yes"), grading.targets(t(min(21))).tokenIds());
        grading.observeMarkets(resolved("0xc", "c-yes", "c-no", true), t(min(40)));
        Grade s = grade("price_deviation:1", Horizon.SETTLEMENT);
        assertEquals(1.0, s.price(), "exactly one leg pays");
        assertEquals(0.111111111, s.returnPerDollar());
        assertEquals(50.0, s.pnlUsd());
        assertEquals(t(min(40)), s.observedAt(), "the last leg's resolution");
        assertEquals(3, grading.stats().settlements());
    }

    @Test
    void aClosedMarketWithoutResolvedOneZeroPricesDoesNotSettle() {
        Grading grading = start(T0);
        MarketFeed feed = grading.observing(pipeline);
        pipeline.next.add(buyYes());
        feed.onTrades(List.of(), T0);
        feed.onMarkets(markets(marketJson("0xc1", YES, NO, "0.995", "0.005", true, "resolved")), t(min(5)));
        feed.onMarkets(markets(marketJson("0xc1", YES, NO, "1", "0", true, "proposed")), t(min(6)));
        feed.onMarkets(markets(marketJson("0xc1", YES, NO, "1", "0", false, null)), t(min(7)));
        assertEquals(Grade.State.PENDING, grade("whale_trade:1", Horizon.SETTLEMENT).state());
        assertEquals(0, grading.stats().settlements());
        assertEquals(java.util.Set.of("0xc1"), grading.targets(t(min(8))).conditionIds());
    }

    @Test
    void aFailingBookCostsOnlyThatRoundAndAThrowingPipelineIsRethrownWithNothingObserved() {
        Grading grading = start(T0);
        MarketFeed feed = grading.observing(pipeline);
        pipeline.next.add(buyYes());
        feed.onTrades(List.of(), T0);
        book.failing = true;
        Signal later = follow("whale_trade:3", Side.BUY, 0.5, null, "0xc3", "333");
        pipeline.next.add(later);
        List<Signal> answer = feed.onMarkets(open("0.7"), t(min(61)));
        assertEquals(List.of(later), answer, "the pipeline's answer, unchanged");
        assertTrue(grading.stats().failures() > 0);
        book.failing = false;
        feed.onMarkets(open("0.72"), t(min(62)));
        assertEquals(t(min(62)), grade("whale_trade:1", H1).observedAt(), "graded once the book is back");

        RuntimeException boom = new IllegalStateException("detector state not stored");
        pipeline.fail = boom;
        int kept = book.allObservations().size();
        assertSame(boom, assertThrows(IllegalStateException.class,
                () -> feed.onMarkets(resolved("0xc1", YES, NO, true), t(min(63)))));
        assertEquals(kept, book.allObservations().size());
        assertEquals(Grade.State.PENDING, grade("whale_trade:1", Horizon.SETTLEMENT).state(), "nothing observed");
    }

    @Test
    void aMalformedMarketIsSkippedAndCounted() {
        Grading grading = start(T0);
        MarketFeed feed = grading.observing(pipeline);
        pipeline.next.add(buyYes());
        feed.onTrades(List.of(), T0);
        // a price outside 0..1 is no price: skipped and counted, the other token's price still observed
        String bad = marketJson("0xc1", YES, NO, "1.7", "0.4", false, null);
        feed.onMarkets(markets(bad), t(min(1)));
        assertEquals(1, grading.stats().skipped());
        assertEquals(0, grading.stats().observationsKept(), "the NO token is not watched");
        assertNull(grade("whale_trade:1", H1).observedAt());
    }

    @Test
    void aGapIsFilledFromThePriceHistoryOnceAndTheGradeSaysWhichPointItUsed() {
        Grading grading = start(T0);
        MarketFeed feed = grading.observing(pipeline);
        pipeline.next.add(buyYes());
        feed.onTrades(List.of(), T0);
        assertEquals(List.of(), grading.historyGaps(t(min(100))), "no lookup was tried yet");
        feed.onTrades(List.of(), t(min(100)));
        List<HistoryGap> gaps = grading.historyGaps(t(min(100)));
        assertEquals(List.of(new HistoryGap("whale_trade:1", H1, List.of(YES), t(min(30)), t(min(90)))), gaps);
        grading.fillHistory(gaps.get(0), List.of(new PriceObservation(t(min(57)), Map.of(YES, 0.63)),
                new PriceObservation(t(min(66)), Map.of(YES, 0.69)),
                new PriceObservation(t(min(95)), Map.of(YES, 0.99))), t(min(101)));
        Grade g = grade("whale_trade:1", H1);
        assertEquals(t(min(57)), g.observedAt());
        assertEquals(0.63, g.price());
        assertEquals(1, grading.stats().historyFills());
        assertEquals(List.of(), grading.historyGaps(t(min(102))), "tried once per process");
    }

    @Test
    void onStartThePendingEntriesAreReadPageByPage() {
        for (int i = 0; i < 5; i++) {
            book.add(follow("whale_trade:" + i, Side.BUY, 0.6, null, "0xc" + i, "t" + i));
        }
        book.record("whale_trade:4", Grader.atSettlement(Entry.of(follow("whale_trade:4", Side.BUY, 0.6, null, "0xc4",
                "t4")).orElseThrow(), new Settlement(t(min(1)), Map.of("t4", true)), t(min(1))));
        GradingConfig paged = new GradingConfig(HORIZONS, CalibrationConfig.defaults(), min(10), min(15), 2);
        Grading grading = Grading.start(book, paged, at(t(min(2))));
        assertEquals(5, grading.stats().indexedEntries(), "three pages of two, the settled one still has horizons");
        assertEquals(java.util.Set.of("0xc0", "0xc1", "0xc2", "0xc3", "0xc4"), grading.targets(t(min(2))).conditionIds(),
                "four to settle, and the settled one still needs prices for its horizons");
    }

    @Test
    void aRestartWithinTheToleranceGradesFromTheNextPriceOrTheKeptOneBeforeTheCrashWhicheverIsCloser() {
        Grading first = start(T0);
        MarketFeed feed = first.observing(pipeline);
        pipeline.next.add(buyYes());
        feed.onTrades(List.of(), T0);
        feed.onMarkets(open("0.61"), t(min(56)));
        Grading second = start(t(min(70)));
        assertEquals(Grade.State.PENDING, grade("whale_trade:1", H1).state(), "within tolerance: a price may come");
        MarketFeed again = second.observing(pipeline);
        again.onMarkets(open("0.75"), t(min(71)));
        Grade g = grade("whale_trade:1", H1);
        assertEquals(t(min(56)), g.observedAt(), "4 min before due is closer than 11 min after");
        assertEquals(0.61, g.price());
    }
}
