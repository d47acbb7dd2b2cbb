package betterbot.signals.sources.internal;

import static betterbot.signals.sources.internal.MiniWebSocketServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.SourceStatus;
import betterbot.signals.grading.Grading;
import betterbot.signals.grading.GradingConfig;
import betterbot.signals.grading.InMemoryGradeBook;
import betterbot.signals.sources.InMemorySourceLedger;
import betterbot.signals.sources.MarketStreamConfig;
import betterbot.signals.sources.Sources;
import betterbot.signals.sources.SourcesConfig;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourcesLifecycleTest {
    /**
     * The default sources' configuration with some fields replaced, by record component name; the market stream is
     * off unless replaced (no test reaches the internet).
     */
    static SourcesConfig config(Map<String, Object> replaced) throws ReflectiveOperationException {
        SourcesConfig defaults = SourcesConfig.defaults();
        if (!replaced.containsKey("marketStream")) {
            replaced = new java.util.HashMap<>(replaced);
            MarketStreamConfig d = MarketStreamConfig.defaults();
            replaced.put("marketStream", new MarketStreamConfig(URI.create("ws://127.0.0.1:9/ws/market"), false,
                    d.maxTokens(), d.silence(), d.pingInterval()));
        }
        RecordComponent[] fields = SourcesConfig.class.getRecordComponents();
        Object[] values = new Object[fields.length];
        Class<?>[] types = new Class<?>[fields.length];
        for (int i = 0; i < fields.length; i++) {
            types[i] = fields[i].getType();
            values[i] = replaced.containsKey(fields[i].getName()) ? replaced.get(fields[i].getName())
                    : fields[i].getAccessor().invoke(defaults);
        }
        return SourcesConfig.class.getDeclaredConstructor(types).newInstance(values);
    }

    @Test
    void createdSourcesReportTheirHealthAndFetchNothingUntilStarted() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.on("/trades", FakeUpstream.Answer.json("[]"));
            SourcesConfig config = config(Map.of("gammaUrl", upstream.base(), "dataUrl", upstream.base(),
                    "clobUrl", upstream.base(), "tradesInterval", Duration.ofMinutes(10)));
            try (Sources sources = Sources.create(config, new Shapes.RecordingFeed(), new InMemorySourceLedger(),
                    new PollerTest.MutableClock())) {
                List<SourceStatus> before = sources.statuses();
                assertEquals(List.of("polymarket-markets", "polymarket-books", "polymarket-stream", "polymarket-trades",
                        "polymarket-wallets", "hashdive", "dome"), before.stream().map(SourceStatus::name).toList());
                assertEquals(List.of(SourceStatus.State.DEGRADED, SourceStatus.State.DEGRADED,
                        SourceStatus.State.DISABLED, SourceStatus.State.DEGRADED, SourceStatus.State.DISABLED,
                        SourceStatus.State.DISABLED, SourceStatus.State.DISABLED),
                        before.stream().map(SourceStatus::state).toList(), "enabled sources have not succeeded yet;"
                        + " the stream switched off here and those without wallets or keys are disabled");
                assertTrue(before.stream().allMatch(s -> s.polls() == 0), before::toString);
                Thread.sleep(100);
                assertEquals(List.of(), upstream.requests(), "nothing is fetched before start");

                sources.start();
                assertTrue(await(() -> !upstream.requests("/trades").isEmpty(), Duration.ofSeconds(5)));
                assertTrue(await(() -> status(sources, "polymarket-trades").polls() == 1, Duration.ofSeconds(5)),
                        () -> sources.statuses().toString());
                assertEquals(SourceStatus.State.OK, status(sources, "polymarket-trades").state());
            }
        }
    }

    @Test
    void withAGradingLoopTheSourcesAlsoAskForTheMarketsOfUnsettledEntries() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.on("/markets/keyset", r -> FakeUpstream.param(r, "condition_ids") == null
                    ? FakeUpstream.Answer.json(Shapes.keysetPage("[]", null))
                    : FakeUpstream.Answer.json(Shapes.keysetPage("[" + Shapes.gradedMarket("0xc1", "y1", "n1", "1",
                    "0", true, "resolved", false) + "]", null)));
            InMemoryGradeBook book = new InMemoryGradeBook(GradingConfig.defaults().horizons());
            book.add(GradingPollTest.follow("whale_trade:1", "0xc1", "y1", 0.6));
            Grading grading = Grading.start(book, GradingConfig.defaults(), java.time.Clock.systemUTC());
            SourcesConfig config = config(Map.of("gammaUrl", upstream.base(), "dataUrl", upstream.base(),
                    "clobUrl", upstream.base()));
            Shapes.RecordingFeed pipeline = new Shapes.RecordingFeed();
            try (Sources sources = Sources.create(config, grading.observing(pipeline), new InMemorySourceLedger(),
                    java.time.Clock.systemUTC(), grading)) {
                assertTrue(sources.statuses().stream().anyMatch(st -> st.name().equals("polymarket-grading")));
                sources.start();
                assertTrue(await(() -> book.grades("whale_trade:1").stream()
                        .anyMatch(g -> g.horizon().isSettlement() && g.isGraded()), Duration.ofSeconds(10)));
                assertTrue(pipeline.markets.stream().flatMap(List::stream).noneMatch(m -> m.conditionId().equals("0xc1")),
                        "the targeted answers never reach the detectors");
            }
        }
    }

    private static SourceStatus status(Sources sources, String name) {
        return sources.statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
