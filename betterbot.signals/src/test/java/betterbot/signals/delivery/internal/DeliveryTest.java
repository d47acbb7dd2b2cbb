package betterbot.signals.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.SignalJson;
import betterbot.signals.delivery.Delivery;
import betterbot.signals.delivery.DeliveryConfig;
import betterbot.signals.delivery.DeliveryFilter;
import betterbot.signals.delivery.DeliveryStatus;
import betterbot.signals.delivery.Destination;
import betterbot.signals.delivery.DestinationKind;
import betterbot.signals.delivery.TestResult;
import betterbot.signals.delivery.internal.FakeReceiver.Received;
import betterbot.signals.delivery.internal.FakeReceiver.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Push delivery against local receivers that answer like the real services and fail on demand. */
class DeliveryTest {
    static final DeliveryConfig FAST = new DeliveryConfig(Duration.ofSeconds(1), Duration.ofMillis(20),
            Duration.ofMillis(200), Duration.ofMillis(50), 3);

    FakeReceiver receiver;
    MemoryOutbox outbox;
    List<Delivery> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        receiver = new FakeReceiver();
        outbox = new MemoryOutbox();
    }

    @AfterEach
    void tearDown() {
        started.forEach(Delivery::close);
        receiver.close();
    }

    Destination webhook(String name, String path, DeliveryFilter filter) {
        return new Destination(name, DestinationKind.WEBHOOK, receiver.uri(path), FakeReceiver.SECRET, null, filter,
                1000.0);
    }

    Destination telegram() {
        return new Destination("chat", DestinationKind.TELEGRAM, receiver.uri(""), FakeReceiver.TELEGRAM_TOKEN,
                "-1001234", DeliveryFilter.ALL, 100.0);
    }

    Destination discord() {
        return new Destination("channel", DestinationKind.DISCORD, receiver.uri(FakeReceiver.DISCORD_PATH), null, null,
                DeliveryFilter.ALL, 100.0);
    }

    /** Starts delivery with every destination's cursor at 0, so that it delivers everything stored. */
    Delivery start(Destination... destinations) {
        for (Destination d : destinations) {
            outbox.advance(d.name(), 0);
        }
        Delivery delivery = Delivery.start(List.of(destinations), outbox, FAST, Clock.systemUTC());
        started.add(delivery);
        return delivery;
    }

    void store(int n) {
        for (int i = 1; i <= n; i++) {
            outbox.add(i, 0.7);
        }
    }

    static List<String> ids(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "whale_trade:d" + i).toList();
    }

    static void await(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    DeliveryStatus status(Delivery d, String name) {
        return d.statuses().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aReceiverDownForAWhileThenHealthyGetsEverySignalOnceInOrder() throws Exception {
        receiver.script(FakeReceiver.HOOK, Reply.status(503), Reply.dropped(), Reply.status(500),
                new Reply(429, "", Map.of("Retry-After", "0"), Duration.ZERO), Reply.status(408));
        store(20);
        Delivery delivery = start(webhook("hook", FakeReceiver.HOOK, DeliveryFilter.ALL));
        await(() -> outbox.cursor("hook").equals(OptionalLong.of(20)), Duration.ofSeconds(10), "all delivered");

        assertEquals(ids(1, 20), receiver.accepted(FakeReceiver.HOOK), "every signal once, in seq order");
        assertTrue(receiver.received().stream().allMatch(Received::verified), "every request signed");
        Received first = receiver.received().stream().filter(Received::accepted).findFirst().orElseThrow();
        JsonNode body = SignalJson.mapper().readTree(first.body());
        assertEquals("whale_trade:d1", body.get("id").asText(), "the body is the signal's wire form");
        assertEquals(1, body.get("seq").asLong());
        assertEquals("whale_trade:d1", first.signalId(), "X-BetterBot-Signal-Id");
        DeliveryStatus s = status(delivery, "hook");
        assertEquals(20, s.delivered());
        assertEquals(5, s.failures());
        assertEquals(0, s.lagSignals());
        assertEquals(DeliveryStatus.State.OK, s.state());

        outbox.add(21, 0.7);
        delivery.wake(); // woken by the store's commit
        await(() -> receiver.accepted(FakeReceiver.HOOK).size() == 21, Duration.ofSeconds(5), "the new signal");
    }

    @Test
    void aPermanentlyFailingDestinationDoesNotSlowAHealthyOne() throws Exception {
        Reply[] stalls = new Reply[200];
        java.util.Arrays.fill(stalls, Reply.status(503).slow(Duration.ofSeconds(3))); // beyond the 1 s timeout
        receiver.script("/broken", stalls);
        store(50);
        long t0 = System.nanoTime();
        Delivery delivery = start(webhook("broken", "/broken", DeliveryFilter.ALL),
                webhook("hook", FakeReceiver.HOOK, DeliveryFilter.ALL));
        await(() -> receiver.accepted(FakeReceiver.HOOK).size() == 50, Duration.ofSeconds(5), "the healthy one");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 3_000, "the healthy destination took " + ms + " ms");
        await(() -> status(delivery, "broken").state() == DeliveryStatus.State.FAILING, Duration.ofSeconds(10),
                "broken reported failing");
        DeliveryStatus broken = status(delivery, "broken");
        assertEquals(0, broken.lastDeliveredSeq());
        assertEquals(50, broken.lagSignals());
        assertTrue(broken.lastError().contains("timed out"), broken.lastError());
        assertTrue(broken.lagSeconds() >= 0);
    }

    @Test
    void aRefusedSignalIsRecordedCountedAndPassed() throws Exception {
        receiver.script(FakeReceiver.HOOK, new Reply(422, "{\"error\": \"unprocessable\"}", Map.of(), Duration.ZERO));
        store(3);
        Delivery delivery = start(webhook("hook", FakeReceiver.HOOK, DeliveryFilter.ALL));
        await(() -> outbox.cursor("hook").equals(OptionalLong.of(3)), Duration.ofSeconds(5), "passed");
        assertEquals(ids(2, 3), receiver.accepted(FakeReceiver.HOOK));
        assertEquals(List.of("whale_trade:d1: HTTP 422: {\"error\": \"unprocessable\"}"), outbox.refused("hook"));
        DeliveryStatus s = status(delivery, "hook");
        assertEquals(1, s.undeliverable());
        assertEquals(0, s.failures(), "a refusal is not retried");
    }

    @Test
    void onlyWhatTheFilterTakesIsSentAndTheCursorPassesTheRest() throws Exception {
        for (int i = 1; i <= 6; i++) {
            outbox.add(i, i % 2 == 0 ? 0.9 : 0.6);
        }
        start(webhook("hook", FakeReceiver.HOOK, new DeliveryFilter(Set.of("whale_trade"), Set.of("polymarket"), 0.8,
                Set.of())));
        await(() -> outbox.cursor("hook").equals(OptionalLong.of(6)), Duration.ofSeconds(5), "passed");
        assertEquals(List.of("whale_trade:d2", "whale_trade:d4", "whale_trade:d6"),
                receiver.accepted(FakeReceiver.HOOK));
    }

    @Test
    void signalsRetentionDeletedBeforeDeliveryAreCountedNotSkippedSilently() throws Exception {
        store(10);
        outbox.deleteOldest(4); // the destination was down while retention removed seq 1 to 4
        Delivery delivery = start(webhook("hook", FakeReceiver.HOOK, DeliveryFilter.ALL));
        await(() -> outbox.cursor("hook").equals(OptionalLong.of(10)), Duration.ofSeconds(5), "the rest delivered");
        assertEquals(ids(5, 10), receiver.accepted(FakeReceiver.HOOK));
        DeliveryStatus s = status(delivery, "hook");
        assertEquals(4, s.expired());
        assertEquals(6, s.delivered());
    }

    @Test
    void aNewDestinationStartsAfterTheNewestSignal() throws Exception {
        store(5);
        Delivery delivery = Delivery.start(List.of(webhook("fresh", FakeReceiver.HOOK, DeliveryFilter.ALL)), outbox,
                FAST, Clock.systemUTC());
        started.add(delivery);
        await(() -> outbox.cursor("fresh").isPresent(), Duration.ofSeconds(5), "cursor created");
        assertEquals(OptionalLong.of(5), outbox.cursor("fresh"));
        outbox.add(6, 0.7);
        delivery.wake();
        await(() -> receiver.accepted(FakeReceiver.HOOK).size() == 1, Duration.ofSeconds(5), "the new one");
        assertEquals(List.of("whale_trade:d6"), receiver.accepted(FakeReceiver.HOOK));
    }

    @Test
    void telegramGetsReadableMessagesAndItsRetryAfterIsHonoured() throws Exception {
        receiver.script(FakeReceiver.TELEGRAM, Reply.telegramTooMany(1));
        store(2);
        Delivery delivery = start(telegram());
        await(() -> receiver.accepted(FakeReceiver.TELEGRAM).size() == 2, Duration.ofSeconds(5), "both sent");
        List<Received> calls = receiver.received();
        assertEquals(3, calls.size());
        Duration waited = Duration.between(calls.get(0).at(), calls.get(1).at());
        assertTrue(waited.toMillis() >= 950, "waited " + waited.toMillis() + " ms after retry_after 1");
        JsonNode body = SignalJson.mapper().readTree(calls.get(1).body());
        assertEquals("-1001234", body.get("chat_id").asText());
        assertEquals("HTML", body.get("parse_mode").asText());
        assertTrue(body.get("text").asText().contains("Will it rain? #1"), body.get("text").asText());
        DeliveryStatus s = status(delivery, "chat");
        assertFalse(s.url().contains(FakeReceiver.TELEGRAM_TOKEN), s.url());
        assertTrue(s.lastError() == null || !s.lastError().contains(FakeReceiver.TELEGRAM_TOKEN));
    }

    @Test
    void discordGetsEmbedsAndItsRetryAfterHeaderIsHonoured() throws Exception {
        Reply tooMany = Reply.discordTooMany(0.2);
        Map<String, String> headers = new java.util.HashMap<>(tooMany.headers());
        headers.put("Retry-After", "1"); // the header is read first
        receiver.script(FakeReceiver.DISCORD_PATH, new Reply(429, tooMany.body(), headers, Duration.ZERO));
        store(1);
        start(discord());
        await(() -> receiver.accepted(FakeReceiver.DISCORD_PATH).size() == 1, Duration.ofSeconds(5), "sent");
        List<Received> calls = receiver.received();
        assertTrue(Duration.between(calls.get(0).at(), calls.get(1).at()).toMillis() >= 950);
        JsonNode body = SignalJson.mapper().readTree(calls.get(1).body());
        assertEquals(1, body.get("embeds").size());
        assertEquals(0, body.at("/allowed_mentions/parse").size());
    }

    @Test
    void aTelegramTokenNeverShowsInStatusesLogsOrTestResults() throws Exception {
        receiver.always(new Reply(401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}",
                Map.of(), Duration.ZERO));
        store(4);
        Delivery delivery = start(telegram(), discord());
        await(() -> outbox.cursor("chat").equals(OptionalLong.of(4)), Duration.ofSeconds(5), "all refused");
        DeliveryStatus s = status(delivery, "chat");
        assertEquals(4, s.undeliverable());
        assertEquals(DeliveryStatus.State.FAILING, s.state(), "every signal refused: the destination is failing");
        assertEquals("HTTP 401: Unauthorized", s.lastError());
        for (Destination d : List.of(telegram(), discord())) {
            assertFalse(d.toString().contains("secret-token"), d.toString());
            assertFalse(d.shownUrl().contains("secret-token"), d.shownUrl());
            TestResult r = Delivery.test(d, FAST, Clock.systemUTC());
            assertFalse(r.delivered());
            assertEquals(401, r.status());
            assertFalse(r.detail().contains("secret-token"), r.detail());
        }
    }

    @Test
    void aTestMessageReachesEachKind() throws Exception {
        for (Destination d : List.of(webhook("hook", FakeReceiver.HOOK, DeliveryFilter.ALL), telegram(), discord())) {
            TestResult r = Delivery.test(d, FAST, Clock.systemUTC());
            assertTrue(r.delivered(), d.name() + ": " + r.detail());
        }
        List<Received> calls = receiver.received();
        assertEquals(3, calls.size());
        assertTrue(calls.get(0).verified(), "the webhook test is signed");
        assertTrue(calls.stream().allMatch(c -> c.body().contains("hook") || c.body().contains("chat")
                || c.body().contains("channel")), "each names its destination");
    }

    @Test
    void stopsPromptlyWhileRetrying() throws Exception {
        receiver.always(Reply.status(503));
        store(1);
        Delivery delivery = start(webhook("hook", FakeReceiver.HOOK, DeliveryFilter.ALL));
        await(() -> status(delivery, "hook").failures() >= 2, Duration.ofSeconds(5), "retrying");
        long t0 = System.nanoTime();
        delivery.stop(Duration.ofSeconds(5));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 1_000, "stopped within a second");
        assertEquals(DeliveryStatus.State.STOPPED, status(delivery, "hook").state());
        assertEquals(OptionalLong.of(0), outbox.cursor("hook"), "not delivered: sent again after a restart");
    }

    @Test
    void destinationsAreCheckedWhenBuilt() {
        var url = receiver.uri(FakeReceiver.HOOK);
        assertThrowsNaming("secret", () -> new Destination("hook", DestinationKind.WEBHOOK, url, "short", null,
                DeliveryFilter.ALL, null));
        assertThrowsNaming("name", () -> new Destination("Bad Name", DestinationKind.WEBHOOK, url,
                FakeReceiver.SECRET, null, DeliveryFilter.ALL, null));
        assertThrowsNaming("chat id", () -> new Destination("chat", DestinationKind.TELEGRAM, url, "token", null,
                DeliveryFilter.ALL, null));
        assertThrowsNaming("min_confidence", () -> new DeliveryFilter(Set.of(), Set.of(), 1.5, Set.of()));
        assertThrowsNaming("unique", () -> Delivery.start(List.of(webhook("a", "/x", DeliveryFilter.ALL),
                webhook("a", "/y", DeliveryFilter.ALL)), outbox, FAST, Clock.systemUTC()));
    }

    static void assertThrowsNaming(String word, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(word), x.getMessage());
    }
}
