package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.SignalJson;
import betterbot.signals.StoredSignal;
import betterbot.signals.delivery.DeliveryStatus;
import betterbot.storage.SignalQuery;
import betterbot.storage.SignalReader;
import betterbot.storage.StoreConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service pushing to a webhook receiver that checks signatures: what its routes show, an outage of the
 * receiver, and a kill -9 of the service mid-delivery followed by a restart, which loses nothing.
 */
class PushDeliveryEndToEndTest {
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** A destinations file with one fast webhook (the env shortcut's pace is 100 a second). */
    Map<String, String> env(Path db, WebhookReceiver receiver) throws Exception {
        Path file = dir.resolve("destinations.json");
        Files.writeString(file, """
                {"destinations": [{"name": "my-bot", "kind": "webhook", "url": "%s", "secret": "%s",
                  "per_second": 2000}]}""".formatted(receiver.url(), WebhookReceiver.SECRET));
        Map<String, String> env = new HashMap<>();
        env.put("DB_PATH", db.toString());
        env.put("PORT", "0");
        env.put("SOURCES_ENABLED", "false");
        env.put("MAX_SIGNALS", "1000000");
        env.put("DESTINATIONS_FILE", file.toString());
        return env;
    }

    static void await(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static JsonNode get(Service service, String path) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                + path)).build(), HttpResponse.BodyHandlers.ofString());
        return SignalJson.mapper().readTree(r.body());
    }

    @Test
    void signalsReachTheReceiverAcrossItsOutageAndTheRoutesShowIt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
             Service service = Service.start(Config.fromEnv(env(dir.resolve("e2e.db"), receiver)), "t",
                     Clock.systemUTC())) {
            await(() -> service.deliveryStatuses().get(0).state() == DeliveryStatus.State.OK, Duration.ofSeconds(5),
                    "started");
            for (int i = 0; i < 5; i++) {
                service.store().store(ShutdownChild.whale(i));
            }
            await(() -> receiver.accepted().size() == 5, Duration.ofSeconds(10), "the first five");
            receiver.down = true;
            for (int i = 5; i < 10; i++) {
                service.store().store(ShutdownChild.whale(i));
            }
            await(() -> service.deliveryStatuses().get(0).state() == DeliveryStatus.State.FAILING,
                    Duration.ofSeconds(20), "failing while the receiver is down");
            JsonNode health = get(service, "/health");
            assertEquals("ok", health.get("status").asText(), "a failing destination is not a failing service");
            assertEquals("my-bot", health.at("/destinations_failing/0").asText());
            JsonNode listed = get(service, "/api/deliveries").at("/destinations/0");
            assertEquals("failing", listed.get("state").asText());
            assertEquals(5, listed.get("last_delivered_seq").asLong());
            assertEquals(5, listed.get("lag_signals").asLong());
            assertTrue(listed.get("last_error").asText().startsWith("HTTP 503"), listed.toString());
            String metrics = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("betterbot_delivery_lag_signals{destination=\"my-bot\"} 5"), metrics);
            assertTrue(metrics.contains("betterbot_delivery_state{destination=\"my-bot\",state=\"failing\"} 1"));

            receiver.down = false;
            await(() -> receiver.accepted().size() == 10, Duration.ofSeconds(20), "the rest after the outage");
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add(ShutdownChild.whale(i).id());
            }
            assertEquals(expected, receiver.accepted(), "each once, in order");
            assertEquals(List.of(), receiver.refused(), "every request verified");
            await(() -> service.deliveryStatuses().get(0).state() == DeliveryStatus.State.OK, Duration.ofSeconds(5),
                    "ok again");
        }
    }

    @Test
    void aKill9MidDeliveryAndARestartLoseNothing() throws Exception {
        Path db = dir.resolve("crash.db");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.delay = Duration.ofMillis(5); // deliveries stay in flight while the child writes
            Map<String, String> env = env(db, receiver);
            env.put("CHILD_SIGNALS", "400");
            Process child = ChildJvm.start(ShutdownChild.class, env, dir.resolve("child.log"),
                    dir.resolve("child.out"));
            try {
                await(() -> receiver.accepted().size() >= 100 || !child.isAlive(), Duration.ofSeconds(60),
                        "the first hundred delivered");
                assertTrue(child.isAlive(), "the child died early");
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no final cursor write
                child.waitFor(10, TimeUnit.SECONDS);
            }
            List<String> acked = Files.readAllLines(dir.resolve("child.out")).stream()
                    .filter(l -> l.startsWith("acked ")).map(l -> l.substring(6)).toList();
            int beforeRestart = receiver.accepted().size();
            assertTrue(beforeRestart < acked.size(), "killed mid-delivery: " + beforeRestart + " of " + acked.size());

            try (Service service = Service.start(Config.fromEnv(env), "t", Clock.systemUTC())) {
                await(() -> new LinkedHashSet<>(receiver.accepted()).containsAll(acked), Duration.ofSeconds(60),
                        "every acknowledged signal delivered after the restart");
            }
            List<String> got = receiver.accepted();
            Set<String> distinct = new LinkedHashSet<>(got);
            assertTrue(got.size() - distinct.size() <= 1, "at most the signal in flight at the kill is repeated: "
                    + (got.size() - distinct.size()));
            List<String> storeOrder;
            try (SignalReader reader = SignalReader.open(new StoreConfig(db))) {
                storeOrder = reader.query(SignalQuery.newest(1000).withAfterSeq(0L)).signals().stream()
                        .map(StoredSignal::id).toList();
            }
            assertEquals(storeOrder, List.copyOf(distinct), "first receipts in seq order");
            assertFalse(acked.isEmpty());
        }
    }
}
