package betterbot.signals.delivery.internal;

import betterbot.signals.delivery.WebhookSignature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Local stand-ins for the destinations: a webhook receiver that verifies signatures, Telegram's sendMessage and a
 * Discord webhook, each answering as the real service does (Telegram's {@code {"ok": true, "result": ...}} and its
 * 429 with {@code parameters.retry_after}; Discord's 204 and its 429 with {@code retry_after} and
 * {@code Retry-After}), and misbehaving on demand from a script of replies per path (the script runs out into the
 * normal answer). A reply of status -1 drops the connection without an answer.
 */
final class FakeReceiver implements AutoCloseable {
    static final String SECRET = "whsec-0123456789abcdef";
    static final String TELEGRAM_TOKEN = "123456:AAE-secret-token";
    static final String DISCORD_PATH = "/api/webhooks/1234/discord-secret-token";
    static final String HOOK = "/hook";
    static final String TELEGRAM = "/bot" + TELEGRAM_TOKEN + "/sendMessage";

    record Reply(int status, String body, Map<String, String> headers, Duration delay) {
        static Reply status(int status) {
            return new Reply(status, "", Map.of(), Duration.ZERO);
        }

        static Reply dropped() {
            return new Reply(-1, "", Map.of(), Duration.ZERO);
        }

        static Reply telegramTooMany(int seconds) {
            return new Reply(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after "
                    + seconds + "\",\"parameters\":{\"retry_after\":" + seconds + "}}",
                    Map.of("Content-Type", "application/json"), Duration.ZERO);
        }

        static Reply discordTooMany(double seconds) {
            return new Reply(429, "{\"message\": \"You are being rate limited.\", \"retry_after\": " + seconds
                    + ", \"global\": false}", Map.of("Content-Type", "application/json",
                    "X-RateLimit-Limit", "5", "X-RateLimit-Remaining", "0", "X-RateLimit-Reset-After",
                    String.valueOf(seconds), "X-RateLimit-Bucket", "abcd1234"), Duration.ZERO);
        }

        Reply slow(Duration d) {
            return new Reply(status, body, headers, d);
        }
    }

    /** A request as it arrived, answered with {@code status}; for a webhook, whether its signature verified. */
    record Received(String path, String signalId, String body, String signature, boolean verified, int status,
                    Instant at) {
        boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Reply>> scripts = new HashMap<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private volatile Reply always;
    private volatile int telegramMessageId = 100;

    FakeReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Replies to the next requests on a path, in order, before the normal answer comes back. */
    synchronized FakeReceiver script(String path, Reply... replies) {
        scripts.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(replies));
        return this;
    }

    /** Answers every request on every path with this reply (null: the normal answers again). */
    void always(Reply reply) {
        always = reply;
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The signal ids accepted on a path, in the order they arrived. */
    List<String> accepted(String path) {
        return received().stream().filter(r -> r.path().equals(path) && r.accepted()).map(Received::signalId).toList();
    }

    private synchronized Reply next(String path) {
        if (always != null) {
            return always;
        }
        Deque<Reply> script = scripts.get(path);
        return script == null || script.isEmpty() ? null : script.poll();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        String signature = ex.getRequestHeaders().getFirst(WebhookSignature.HEADER);
        boolean verified = WebhookSignature.verify(signature, body, SECRET, Instant.now(),
                WebhookSignature.DEFAULT_TOLERANCE);
        Reply reply = next(path);
        if (reply == null) {
            reply = normal(path, verified);
        }
        if (!reply.delay().isZero()) {
            try {
                Thread.sleep(reply.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        received.add(new Received(path, ex.getRequestHeaders().getFirst(WebhookSignature.ID_HEADER),
                new String(body, StandardCharsets.UTF_8), signature, verified, reply.status(), Instant.now()));
        if (reply.status() < 0) {
            ex.close(); // no answer: the client sees the connection end
            return;
        }
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
        ex.close();
    }

    /** What the real service answers to a good request. */
    private Reply normal(String path, boolean verified) {
        if (path.equals(HOOK)) {
            return verified ? Reply.status(204) : new Reply(401, "{\"error\":\"bad signature\"}", Map.of(),
                    Duration.ZERO);
        }
        if (path.equals(TELEGRAM)) {
            int id = telegramMessageId++;
            return new Reply(200, "{\"ok\":true,\"result\":{\"message_id\":" + id + ",\"chat\":{\"id\":-1001234,"
                    + "\"type\":\"channel\"},\"date\":" + Instant.now().getEpochSecond() + ",\"text\":\"...\"}}",
                    Map.of("Content-Type", "application/json"), Duration.ZERO);
        }
        if (path.equals(DISCORD_PATH)) {
            return new Reply(204, "", Map.of("X-RateLimit-Limit", "5", "X-RateLimit-Remaining", "4"), Duration.ZERO);
        }
        return new Reply(404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}", Map.of(),
                Duration.ZERO);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
