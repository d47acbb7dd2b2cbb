package betterbot.signals.sources.internal;

import betterbot.signals.SignalJson;
import betterbot.signals.market.DomeJson;
import betterbot.signals.market.Trade;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The Dome-compatible order stream (domain §5.6) for the tracked wallets: one WebSocket at
 * {@code <base>/<API key>}, one subscribe message per chunk of wallets, and every order event handed to the
 * pipeline as a {@link Trade} the moment it arrives.
 *
 * <p>One virtual thread ({@code dome-feed}) owns the connection: it connects, subscribes, processes complete
 * messages one at a time (the next frame is requested only after the previous message was handled, so a slow
 * pipeline slows the socket instead of growing a queue), watches for silence and reconnects with backoff. The
 * WebSocket listener only reassembles frames and hands complete messages over.
 *
 * <p>Silence: after half the silence timeout without any frame the feed sends one ping; a live upstream
 * answers it (RFC 6455), so quiet wallets do not cause reconnects, while a dead socket stays silent and is
 * aborted at the full timeout.
 *
 * <p>The API key travels in the URL path, so the URL is only ever logged or reported as {@code <base>/***},
 * and every text this class logs or records is scrubbed of the key as a second line of defence.
 */
final class DomeFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DomeFeed.class);
    static final String THREAD_NAME = "dome-feed";
    static final String REDACTED = "***";
    /** A text message longer than this is dropped (and counted as skipped) instead of growing memory. */
    static final int MAX_MESSAGE_CHARS = 1 << 20;
    private static final Duration CLOSE_GRACE = Duration.ofMillis(200);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_LOGGED_TEXT = 200;

    /**
     * How to reach the stream and what to subscribe.
     *
     * @param wsBaseUrl {@code ws://} or {@code wss://} base; the key is appended as the last path segment
     * @param apiKey the provider's key; never shown by {@link #toString()}
     * @param wallets tracked proxy wallets (lower-cased and de-duplicated here)
     * @param maxUsersPerSubscription wallets per subscribe message (Dome's free tier allows 5, Dev 500)
     * @param silenceTimeout no frame at all for this long (ping unanswered) means the socket is dead
     * @param reconnect backoff between connection attempts
     * @param connectTimeout limit for the WebSocket handshake and for each subscribe send
     */
    record Settings(URI wsBaseUrl, String apiKey, List<String> wallets, int maxUsersPerSubscription,
                    Duration silenceTimeout, Backoff reconnect, Duration connectTimeout) {
        static final int DEFAULT_MAX_USERS_PER_SUBSCRIPTION = 5;
        static final Duration DEFAULT_SILENCE_TIMEOUT = Duration.ofSeconds(120);
        static final Backoff DEFAULT_RECONNECT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

        Settings {
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("Dome feed needs an API key (DOME_API_KEY)");
            }
            if (wsBaseUrl == null || wsBaseUrl.getHost() == null || wsBaseUrl.getScheme() == null
                    || !List.of("ws", "wss").contains(wsBaseUrl.getScheme().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(redact("Dome feed URL must be ws://host[:port][/path] or "
                        + "wss://…, got " + wsBaseUrl, apiKey));
            }
            if (wsBaseUrl.getRawQuery() != null || wsBaseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("Dome feed URL must not carry a query or fragment: the API key "
                        + "is appended to its path");
            }
            if (wallets == null || wallets.isEmpty()) {
                throw new IllegalArgumentException("Dome feed needs at least one wallet to track");
            }
            LinkedHashSet<String> normalized = new LinkedHashSet<>();
            for (String w : wallets) {
                if (w == null || w.isBlank()) {
                    throw new IllegalArgumentException("Dome feed wallets must not be blank");
                }
                normalized.add(w.strip().toLowerCase(Locale.ROOT));
            }
            wallets = List.copyOf(normalized);
            if (maxUsersPerSubscription < 1) {
                throw new IllegalArgumentException("maxUsersPerSubscription must be at least 1, got "
                        + maxUsersPerSubscription);
            }
            requirePositive(silenceTimeout, "silenceTimeout");
            requirePositive(connectTimeout, "connectTimeout");
            if (reconnect == null) {
                throw new IllegalArgumentException("reconnect backoff is required");
            }
        }

        /** Production defaults: 5 wallets per subscription, 120 s silence, 1 s → 60 s backoff, 10 s connect. */
        static Settings withDefaults(URI wsBaseUrl, String apiKey, List<String> wallets) {
            return new Settings(wsBaseUrl, apiKey, wallets, DEFAULT_MAX_USERS_PER_SUBSCRIPTION,
                    DEFAULT_SILENCE_TIMEOUT, DEFAULT_RECONNECT, DEFAULT_CONNECT_TIMEOUT);
        }

        /** The URL to connect to, key included: hand it to the client only, never to a log. */
        URI endpoint() {
            return URI.create(base() + "/" + encodePathSegment(apiKey));
        }

        /** The URL as it may be shown: the key replaced by {@code ***}. */
        String redactedEndpoint() {
            return base() + "/" + REDACTED;
        }

        private String base() {
            String s = wsBaseUrl.toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            return s;
        }

        @Override
        public String toString() {
            return "Settings[url=" + redactedEndpoint() + ", wallets=" + wallets.size() + ", maxUsersPerSubscription="
                    + maxUsersPerSubscription + ", silenceTimeout=" + silenceTimeout + ", reconnect=" + reconnect
                    + ", connectTimeout=" + connectTimeout + "]";
        }

        private static void requirePositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }
    }

    /** Where this class's log lines go; tests capture them to prove the key never shows. */
    @FunctionalInterface
    interface LogSink {
        void log(Level level, String message, Throwable cause);
    }

    /** What the listener hands to the feed thread. */
    private sealed interface Inbound {
        record Text(String text) implements Inbound {
        }

        record Ended(String reason) implements Inbound {
        }
    }

    private final Settings settings;
    private final SourceHealth health;
    private final Clock clock;
    private final Consumer<List<Trade>> trades;
    private final RandomGenerator random;
    private final LogSink log;
    private final HttpClient client;
    private final List<String> subscribeMessages;

    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final List<String> subscriptionIds = new CopyOnWriteArrayList<>();
    private volatile boolean connected;
    private volatile boolean running;
    private volatile boolean closed;
    private volatile Thread thread;
    private volatile WebSocket current;
    private volatile Instant lastMessageAt;
    private int failuresInRow; // feed thread only
    private long connections; // feed thread only

    DomeFeed(Settings settings, SourceHealth health, Clock clock, Consumer<List<Trade>> trades,
             RandomGenerator random) {
        this(settings, health, clock, trades, random, (level, message, cause) ->
                LOG.atLevel(level).setCause(cause).log(message));
    }

    DomeFeed(Settings settings, SourceHealth health, Clock clock, Consumer<List<Trade>> trades,
             RandomGenerator random, LogSink log) {
        this.settings = settings;
        this.health = health;
        this.clock = clock;
        this.trades = trades;
        this.random = random;
        this.log = log;
        this.subscribeMessages = subscribeMessages(settings.wallets(), settings.maxUsersPerSubscription());
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
    }

    /** Starts the feed on its virtual thread; a second call, or a call after {@link #close()}, does nothing. */
    synchronized void start() {
        if (running || closed) {
            return;
        }
        running = true;
        thread = Thread.ofVirtual().name(THREAD_NAME).start(this::run);
    }

    /** True while a socket is open. */
    boolean connected() {
        return connected;
    }

    /** Subscription ids acknowledged on the current connection (empty while disconnected). */
    List<String> subscriptionIds() {
        return List.copyOf(subscriptionIds);
    }

    /** Connections opened after the first one. */
    long reconnects() {
        return reconnects.get();
    }

    /** When the last complete message arrived (wall clock, for health pages); null before the first. */
    Instant lastMessageAt() {
        return lastMessageAt;
    }

    /** Messages or events that could not be read and were left out. */
    long skipped() {
        return skipped.get();
    }

    /**
     * One subscribe message per chunk of at most {@code maxUsers} wallets, in wallet order.
     */
    static List<String> subscribeMessages(List<String> wallets, int maxUsers) {
        List<String> out = new ArrayList<>();
        for (int from = 0; from < wallets.size(); from += maxUsers) {
            ObjectNode msg = SignalJson.mapper().createObjectNode();
            msg.put("action", "subscribe").put("platform", "polymarket").put("version", 1).put("type", "orders");
            ArrayNode users = msg.putObject("filters").putArray("users");
            wallets.subList(from, Math.min(from + maxUsers, wallets.size())).forEach(users::add);
            out.add(msg.toString());
        }
        return List.copyOf(out);
    }

    // --- the connection loop ---------------------------------------------------------------------------------

    private void run() {
        while (running) {
            String failure;
            try {
                failure = session();
            } catch (RuntimeException e) { // a bug in this class: keep the feed alive, but say so
                emit(Level.ERROR, "Dome feed session failed unexpectedly: " + describe(e), null);
                failure = "internal error: " + describe(e);
            }
            if (!running) {
                return;
            }
            failuresInRow++;
            health.recordFailure(redact(failure));
            Duration wait = settings.reconnect().delay(failuresInRow, random);
            emit(failuresInRow == 1 ? Level.INFO : Level.DEBUG, "Dome feed " + settings.redactedEndpoint() + ": "
                    + failure + "; reconnecting in " + human(wait), null);
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    /** One connection from handshake to its end; returns why it ended, or null when the feed was closed. */
    private String session() {
        Connection connection = new Connection();
        CompletableFuture<WebSocket> opening = client.newWebSocketBuilder()
                .connectTimeout(settings.connectTimeout())
                .header("User-Agent", UpstreamHttp.USER_AGENT)
                .buildAsync(settings.endpoint(), connection);
        WebSocket ws;
        try {
            ws = opening.get(settings.connectTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            abandon(opening);
            return null;
        } catch (TimeoutException e) {
            abandon(opening);
            return "no handshake within " + human(settings.connectTimeout());
        } catch (ExecutionException e) {
            return "cannot connect: " + describe(e.getCause());
        }
        current = ws;
        if (!running) { // closed while the handshake ran
            ws.abort();
            current = null;
            return null;
        }
        connected = true;
        if (connections++ > 0) {
            reconnects.incrementAndGet();
        }
        emit(Level.INFO, "Dome feed connected to " + settings.redactedEndpoint() + "; subscribing "
                + settings.wallets().size() + " wallets in " + subscribeMessages.size() + " subscriptions", null);
        try {
            for (String message : subscribeMessages) {
                ws.sendText(message, true).get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            return read(connection, ws);
        } catch (InterruptedException e) {
            return running ? "interrupted" : null;
        } catch (ExecutionException e) {
            return "subscribe failed: " + describe(e.getCause());
        } catch (TimeoutException e) {
            return "subscribe not sent within " + human(settings.connectTimeout());
        } finally {
            connected = false;
            subscriptionIds.clear();
            current = null;
            ws.abort();
        }
    }

    /** Handles messages until the connection ends or goes silent; returns why it ended (null when closed). */
    private String read(Connection connection, WebSocket ws) throws InterruptedException {
        long silence = settings.silenceTimeout().toNanos();
        long probeAfter = silence / 2;
        long activityAtProbe = 0;
        boolean probed = false;
        while (running) {
            long lastActivity = connection.lastActivity;
            if (probed && activityAtProbe != lastActivity) {
                probed = false; // something arrived since the ping: the socket is alive
            }
            long idle = System.nanoTime() - lastActivity;
            if (idle >= silence) {
                return "silent for " + human(settings.silenceTimeout());
            }
            if (!probed && idle >= probeAfter) {
                probed = true;
                activityAtProbe = lastActivity;
                ws.sendPing(ByteBuffer.allocate(0)).exceptionally(e -> null);
                continue;
            }
            long wait = (probed ? silence : probeAfter) - idle;
            Inbound inbound = connection.inbox.poll(wait, TimeUnit.NANOSECONDS);
            switch (inbound) {
                case null -> {
                }
                case Inbound.Text t -> {
                    handle(t.text());
                    ws.request(1);
                }
                case Inbound.Ended e -> {
                    return e.reason();
                }
            }
        }
        return null;
    }

    private void abandon(CompletableFuture<WebSocket> opening) {
        opening.cancel(true);
        opening.whenComplete((ws, e) -> {
            if (ws != null) {
                ws.abort();
            }
        });
    }

    // --- messages --------------------------------------------------------------------------------------------

    private void handle(String text) {
        lastMessageAt = clock.instant();
        JsonNode msg;
        try {
            msg = SignalJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            msg = null;
        }
        if (msg == null || !msg.isObject()) {
            skipped.incrementAndGet();
            emit(Level.DEBUG, "Dome feed skipped an unreadable message: " + excerpt(text), null);
            return;
        }
        String type = text(msg, "type");
        if ("event".equals(type)) {
            deliver(msg.get("data"), text);
            return;
        }
        if ("error".equals(type) || msg.has("error")) {
            emit(Level.WARN, "Dome feed upstream error: " + excerpt(text), null);
            return;
        }
        String subscription = text(msg, "subscription_id");
        if (subscription != null) {
            failuresInRow = 0;
            if (!subscriptionIds.contains(subscription)) {
                subscriptionIds.add(subscription);
                if (subscriptionIds.size() == 1) {
                    health.recordSuccess(0); // the stream answers: "quiet" from now on, not "blind"
                }
            }
            return;
        }
        emit(Level.DEBUG, "Dome feed ignored a message: " + excerpt(text), null);
    }

    private void deliver(JsonNode data, String text) {
        List<Trade> batch = new ArrayList<>();
        int bad = 0;
        if (data != null && data.isArray()) {
            for (JsonNode d : data) {
                Trade t = DomeJson.order(d);
                if (t == null) {
                    bad++;
                } else {
                    batch.add(t);
                }
            }
        } else {
            Trade t = DomeJson.order(data);
            if (t == null) {
                bad++;
            } else {
                batch.add(t);
            }
        }
        if (bad > 0) {
            skipped.addAndGet(bad);
            emit(Level.DEBUG, "Dome feed skipped a malformed order event: " + excerpt(text), null);
        }
        if (batch.isEmpty()) {
            return;
        }
        failuresInRow = 0;
        try {
            trades.accept(List.copyOf(batch));
        } catch (RuntimeException e) { // the pipeline's problem, not the source's: keep streaming
            emit(Level.ERROR, "Dome feed: the trade consumer failed on " + batch.size() + " trade(s)", e);
        }
        health.recordSuccess(batch.size());
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    // --- closing ---------------------------------------------------------------------------------------------

    /** Stops promptly: a polite close frame (up to 200 ms), then the socket is aborted and the thread joined. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            running = false;
            t = thread;
        }
        WebSocket ws = current;
        if (ws != null) {
            try {
                long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                // the closing handshake: let the server answer before the socket goes, or a reset may
                // overtake the close frame on its way (briefly; the abort below ends it either way)
                while (!ws.isInputClosed() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                // best effort: the abort below closes the socket either way
            }
            ws.abort();
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(JOIN_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.shutdownNow();
        connected = false;
    }

    @Override
    public String toString() {
        return "DomeFeed[url=" + settings.redactedEndpoint() + ", wallets=" + settings.wallets().size()
                + ", connected=" + connected + ", subscriptions=" + subscriptionIds.size() + ", reconnects="
                + reconnects.get() + ", skipped=" + skipped.get() + "]";
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private void emit(Level level, String message, Throwable cause) {
        log.log(level, redact(message), cause);
    }

    private String redact(String text) {
        return redact(text, settings.apiKey());
    }

    /** The text with the key, raw or percent-encoded, replaced by {@code ***}. */
    static String redact(String text, String key) {
        if (text == null || key == null || key.isEmpty()) {
            return text;
        }
        return text.replace(key, REDACTED).replace(encodePathSegment(key), REDACTED);
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, so any key makes a valid path segment. */
    static String encodePathSegment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String describe(Throwable e) {
        if (e instanceof WebSocketHandshakeException h) {
            return "handshake refused with HTTP " + h.getResponse().statusCode();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timeout";
        }
        if (e instanceof ConnectException && e.getMessage() == null) {
            return "connection refused";
        }
        String message = e.getMessage();
        String name = e instanceof IOException && message != null ? "" : e.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return name;
        }
        return name.isEmpty() ? message : name + ": " + message;
    }

    private static String excerpt(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > MAX_LOGGED_TEXT ? oneLine.substring(0, MAX_LOGGED_TEXT) + "…" : oneLine;
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** One connection's listener: reassembles text frames and notes activity; the feed thread does the rest. */
    private final class Connection implements WebSocket.Listener {
        final BlockingQueue<Inbound> inbox = new LinkedBlockingQueue<>();
        volatile long lastActivity = System.nanoTime();
        private final StringBuilder parts = new StringBuilder();
        private boolean oversized;

        @Override
        public void onOpen(WebSocket webSocket) {
            lastActivity = System.nanoTime();
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastActivity = System.nanoTime();
            if (!oversized) {
                parts.append(data);
                if (parts.length() > MAX_MESSAGE_CHARS) {
                    oversized = true;
                    parts.setLength(0);
                }
            }
            if (!last) {
                webSocket.request(1);
                return null;
            }
            if (oversized) {
                oversized = false;
                skipped.incrementAndGet();
                emit(Level.WARN, "Dome feed skipped a message over " + MAX_MESSAGE_CHARS + " characters", null);
                webSocket.request(1);
                return null;
            }
            String text = parts.toString();
            parts.setLength(0);
            inbox.add(new Inbound.Text(text)); // the feed thread requests the next frame once this is handled
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            lastActivity = System.nanoTime();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            lastActivity = System.nanoTime(); // the client answers with a pong by itself
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            lastActivity = System.nanoTime();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            inbox.add(new Inbound.Ended("closed by the server (" + statusCode
                    + (reason == null || reason.isBlank() ? "" : " " + excerpt(reason)) + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            inbox.add(new Inbound.Ended("connection lost: " + describe(error)));
        }
    }
}
