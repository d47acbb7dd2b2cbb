package betterbot.signals.sources.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Details;
import betterbot.signals.Leg;
import betterbot.signals.RecommendedAction;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.grading.Grade;
import betterbot.signals.grading.Grading;
import betterbot.signals.grading.GradingConfig;
import betterbot.signals.grading.Horizon;
import betterbot.signals.grading.InMemoryGradeBook;
import betterbot.signals.sources.internal.FakeUpstream.Answer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GradingPollTest {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final Horizon H1 = Horizon.parse("1h");

    FakeUpstream upstream;
    final InMemoryGradeBook book = new InMemoryGradeBook(GradingConfig.defaults().horizons());
    final SourceHealth health = new SourceHealth("polymarket-grading", true, 3, Clock.systemUTC(), g -> { });

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeUpstream();
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    GradingPoll poll(Grading grading, Instant now) {
        UpstreamHttp http = new UpstreamHttp(Duration.ofSeconds(2), Duration.ofSeconds(2), at(now));
        return new GradingPoll(http, upstream.base(), upstream.base(), grading, health, at(now));
    }

    static Signal follow(String id, String condition, String token, double price) {
        return new Signal(id, new SignalType.WhaleTrade("0xw", 48_000, 80_000, price), "m", 0.75, RiskLevel.MEDIUM,
                Details.builder().conditionId(condition).outcome("Yes").outcomeIndex(0).assetId(token)
                        .side(Side.BUY).currentPrice(price).recommendedAction(RecommendedAction.FOLLOW_BUY)
                        .recommendedSizeUsd(100.0).build(), T0, Source.POLYMARKET);
    }

    static Signal buyAll(String... legTokens) {
        List<Leg> legs = Arrays.stream(legTokens).map(t -> new Leg(t, "Yes", t, 0.3, 500)).toList();
        return new Signal("price_deviation:1", new SignalType.PriceDeviation(legs.size(), 0.9, null, 0.1, 0.1, 500),
                "ev", 0.86, RiskLevel.LOW, Details.builder().legs(legs).recommendedAction(RecommendedAction.BUY_ALL)
                .recommendedSizeUsd(450.0).build(), T0, Source.POLYMARKET);
    }

    Grade grade(String id, Horizon h) {
        return book.grades(id).stream().filter(g -> g.horizon().equals(h)).findFirst().orElseThrow();
    }

    static String page(List<String> markets, String cursor) {
        return Shapes.keysetPage(Shapes.array(markets), cursor);
    }

    @Test
    void unsettledMarketsAreAskedForByConditionIdAndDeviationLegsByTokenAndSettle() throws Exception {
        book.add(follow("whale_trade:1", "0xc1", "p-yes", 0.6)); // a v2 market: its tokens are its positionIds
        book.add(buyAll("a-yes", "b-yes"));
        Instant now = T0.plus(Duration.ofMinutes(5));
        Grading grading = Grading.start(book, GradingConfig.defaults(), at(now));
        upstream.on("/markets/keyset", r -> {
            if ("0xc1".equals(FakeUpstream.param(r, "condition_ids"))) {
                return Answer.json(page(List.of(Shapes.gradedMarket("0xc1", "p-yes", "p-no", "1", "0", true,
                        "resolved", true)), null));
            }
            if (FakeUpstream.param(r, "after_cursor") == null) { // legs on two keyset pages
                return Answer.json(page(List.of(Shapes.gradedMarket("0xa", "a-yes", "a-no", "0", "1", true,
                        "resolved", false)), "next"));
            }
            return Answer.json(page(List.of(Shapes.gradedMarket("0xb", "b-yes", "b-no", "1", "0", true,
                    "resolved", false)), null));
        });
        assertEquals(new Poller.Outcome.Polled(3), poll(grading, now).run());

        List<FakeUpstream.Request> requests = upstream.requests("/markets/keyset");
        assertEquals(3, requests.size());
        assertEquals("0xc1", FakeUpstream.param(requests.get(0), "condition_ids"));
        assertEquals("a-yes,b-yes", FakeUpstream.param(requests.get(1), "clob_token_ids"));
        assertEquals("next", FakeUpstream.param(requests.get(2), "after_cursor"));
        assertTrue(requests.stream().allMatch(r -> FakeUpstream.param(r, "closed") == null),
                "a resolved market is closed: no closed=false");

        Grade follow = grade("whale_trade:1", Horizon.SETTLEMENT);
        assertEquals(1.0, follow.price(), "won: its positionIds token paid 1");
        Grade set = grade("price_deviation:1", Horizon.SETTLEMENT);
        assertEquals(1.0, set.price());
        assertEquals(0.666666667, set.returnPerDollar(), "one leg of two pays: 1 / 0.6 − 1");
        assertTrue(grading.targets(now).isEmpty(), "nothing left to settle, and prices are fresh");
    }

    @Test
    void conditionIdsGoInBatchesOfAHundred() throws Exception {
        for (int i = 0; i < 150; i++) {
            book.add(follow("whale_trade:" + i, "0xc" + i, "t" + i, 0.5));
        }
        Grading grading = Grading.start(book, GradingConfig.defaults(), at(T0));
        upstream.on("/markets/keyset", Answer.json(page(List.of(), null)));
        assertEquals(new Poller.Outcome.Polled(0), poll(grading, T0).run());
        List<FakeUpstream.Request> requests = upstream.requests("/markets/keyset");
        assertEquals(2, requests.size());
        assertEquals(100, FakeUpstream.param(requests.get(0), "condition_ids").split(",").length);
        assertEquals(50, FakeUpstream.param(requests.get(1), "condition_ids").split(",").length);
        assertTrue(requests.get(0).query().contains("&limit=1000"));
    }

    @Test
    void throttlesFailuresAndMalformedAnswersLoseNoPendingGrade() throws Exception {
        book.add(follow("whale_trade:1", "0xc1", "y1", 0.6));
        Grading grading = Grading.start(book, GradingConfig.defaults(), at(T0));
        String resolved = page(List.of(Shapes.gradedMarket("0xc1", "y1", "n1", "0", "1", true, "resolved", false)),
                null);
        upstream.on("/markets/keyset",
                Answer.status(429, "{\"error\":\"rate limited\"}", Map.of("Retry-After", "30")),
                Answer.status(500, "{\"error\":\"oops\"}", Map.of()),
                Answer.json("{\"markets\": [{\"conditionId\": "),
                Answer.json(resolved));
        GradingPoll poll = poll(grading, T0);
        Poller.Outcome throttled = poll.run();
        assertEquals(Duration.ofSeconds(30), assertInstanceOf(Poller.Outcome.Throttled.class, throttled).retryAfter());
        assertInstanceOf(Poller.Outcome.Failed.class, poll.run());
        Poller.Outcome malformed = poll.run();
        assertTrue(assertInstanceOf(Poller.Outcome.Failed.class, malformed).message().startsWith("malformed"),
                malformed.toString());
        assertEquals(Grade.State.PENDING, grade("whale_trade:1", Horizon.SETTLEMENT).state());
        assertEquals(1, grading.stats().indexedEntries(), "still watched");
        assertEquals(new Poller.Outcome.Polled(1), poll.run());
        Grade s = grade("whale_trade:1", Horizon.SETTLEMENT);
        assertEquals(-1.0, s.returnPerDollar(), "NO won: the follower of YES lost");
    }

    @Test
    void aGradeWithoutAnObservationIsFilledFromThePriceHistoryOnce() throws Exception {
        book.add(follow("whale_trade:1", "0xc1", "y1", 0.6));
        book.add(follow("whale_trade:2", "0xc2", "y2", 0.5));
        Instant now = T0.plus(Duration.ofHours(3)); // both 1 h grades past their 30 min tolerance, no observation
        Grading grading = Grading.start(book, GradingConfig.defaults(), at(now));
        upstream.on("/markets/keyset", Answer.json(page(List.of(), null)));
        long due = T0.plus(Duration.ofHours(1)).getEpochSecond();
        upstream.on("/prices-history", r -> "y1".equals(FakeUpstream.param(r, "market"))
                ? Answer.json("{\"history\":[{\"t\":" + (due - 120) + ",\"p\":\"0.64\"},{\"t\":" + (due + 60)
                + ",\"p\":0.66},{\"t\":\"later\",\"p\":0.9}]}")
                : Answer.json("{\"history\":[]}"));
        GradingPoll poll = poll(grading, now);
        poll.run();

        List<FakeUpstream.Request> history = upstream.requests("/prices-history");
        assertEquals(2, history.size());
        FakeUpstream.Request first = history.stream().filter(r -> "y1".equals(FakeUpstream.param(r, "market")))
                .findFirst().orElseThrow();
        assertEquals(String.valueOf(due - 1800), FakeUpstream.param(first, "startTs"));
        assertEquals(String.valueOf(due + 1800), FakeUpstream.param(first, "endTs"));
        assertEquals("1", FakeUpstream.param(first, "fidelity"));

        Grade g = grade("whale_trade:1", H1);
        assertEquals(0.66, g.price(), "the point closest to the due time");
        assertEquals(Instant.ofEpochSecond(due + 60), g.observedAt());
        assertEquals(now, g.gradedAt());
        assertEquals(1, grading.stats().historyFills());
        assertEquals(1, grading.stats().skipped(), "a point without a time is skipped and counted");
        assertEquals(Grade.State.PENDING, grade("whale_trade:2", H1).state(), "an empty history leaves it pending");
        assertNull(grade("whale_trade:2", H1).observedAt());

        poll.run();
        assertEquals(2, upstream.requests("/prices-history").size(), "each gap's history is asked for once");
        List<String> markets = new ArrayList<>();
        upstream.requests("/markets/keyset").forEach(r -> markets.add(FakeUpstream.param(r, "condition_ids")));
        assertTrue(markets.stream().allMatch(m -> m.contains("0xc1") && m.contains("0xc2")), markets.toString());
    }
}
