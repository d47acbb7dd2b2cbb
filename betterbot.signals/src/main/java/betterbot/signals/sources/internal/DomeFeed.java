package betterbot.signals.sources.internal;

import betterbot.signals.market.Trade;
import betterbot.signals.sources.Recorder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The connection lifecycle of the Dome-compatible order stream for the tracked wallets (see docs/domain.md,
 * Upstream: Dome): one WebSocket at {@code <base>/<API key>}, the {@link DomeProtocol} subscribe messages, and
 * every order event handed over as trades the moment it arrives.
 *
 * <p>One virtual thread ({@code dome-feed}) owns the connection: it connects, subscribes, processes complete
 * messages one at a time (a {@link StreamListener} reassembles them), watches for silence and reconnects after the
 * settings' {@link Backoff}.
 *
 * <p>Silence: after half the silence timeout without any frame the feed sends one ping; a live upstream
 * answers it (RFC 6455), so quiet wallets do not cause reconnects, while a dead socket stays silent and is
 * aborted at the full timeout.
 *
 * <p>Every text this class logs or records is scrubbed of the key ({@link DomeSettings#redact}).
 */
final class DomeFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DomeFeed.class);
    static final String THREAD_NAME = "dome-feed";
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_LOGGED_TEXT = 200;

    /** Where this class's log lines go; tests capture them to prove the key never shows. */
    @FunctionalInterface
    interface LogSink {
        void log(Level level, String message, Throwable cause);
    }

    private final DomeSettings settings;
    private final SourceHealth health;
    private final Clock clock;
    private final Consumer<List<Trade>> trades;
    private final Recorder recorder;
    private final RandomGenerator random;
    private final LogSink log;
    private final Poller.Sleeper sleeper;
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

    DomeFeed(DomeSettings settings, SourceHealth health, Clock clock, Consumer<List<Trade>> trades,
             RandomGenerator random) {
        this(settings, health, clock, trades, random, Recorder.OFF);
    }

    /** @param recorder where every order event is recorded, as received */
    DomeFeed(DomeSettings settings, SourceHealth health, Clock clock, Consumer<List<Trade>> trades,
             RandomGenerator random, Recorder recorder) {
        this(settings, health, clock, trades, random, (level, message, cause) ->
                LOG.atLevel(level).setCause(cause).log(message), Thread::sleep, recorder);
    }

    DomeFeed(DomeSettings settings, SourceHealth health, Clock clock, Consumer<List<Trade>> trades,
             RandomGenerator random, LogSink log) {
        this(settings, health, clock, trades, random, log, Thread::sleep);
    }

    /** @param sleeper waits out the reconnect backoff; tests record the waits */
    DomeFeed(DomeSettings settings, SourceHealth health, Clock clock, Consumer<List<Trade>> trades,
             RandomGenerator random, LogSink log, Poller.Sleeper sleeper) {
        this(settings, health, clock, trades, random, log, sleeper, Recorder.OFF);
    }

    private DomeFeed(DomeSettings settings, SourceHealth health, Clock clock, Consumer<List<Trade>> trades,
                     RandomGenerator random, LogSink log, Poller.Sleeper sleeper, Recorder recorder) {
        this.recorder = recorder;
        this.settings = settings;
        this.health = health;
        this.clock = clock;
        this.trades = trades;
        this.random = random;
        this.log = log;
        this.sleeper = sleeper;
        this.subscribeMessages = DomeProtocol.subscribeMessages(settings.wallets(), settings.maxUsersPerSubscription());
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

    // --- the connection loop ---------------------------------------------------------------------------------

    private void run() {
        while (running) {
            String failure;
            try {
                failure = session();
            } catch (RuntimeException e) { // a bug in this class: keep the feed alive, but say so
                emit(Level.ERROR, "Dome feed session failed unexpectedly: " + WebSockets.describe(e), null);
                failure = "internal error: " + WebSockets.describe(e);
            }
            if (!running) {
                return;
            }
            failuresInRow++;
            health.recordFailure(settings.redact(failure));
            Duration wait = settings.reconnect().delay(failuresInRow, random);
            emit(failuresInRow == 1 ? Level.INFO : Level.DEBUG, "Dome feed " + settings.redactedEndpoint() + ": "
                    + failure + "; reconnecting in " + WebSockets.human(wait), null);
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    /** One connection from handshake to its end; returns why it ended, or null when the feed was closed. */
    private String session() {
        StreamListener connection = new StreamListener();
        WebSocket ws;
        try {
            ws = WebSockets.open(client, settings.endpoint(), settings.connectTimeout(), connection);
        } catch (InterruptedException e) {
            return null;
        } catch (WebSockets.NotOpened e) {
            return e.getMessage();
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
            return "subscribe failed: " + WebSockets.describe(e.getCause());
        } catch (TimeoutException e) {
            return "subscribe not sent within " + WebSockets.human(settings.connectTimeout());
        } finally {
            connected = false;
            subscriptionIds.clear();
            current = null;
            ws.abort();
        }
    }

    /** Handles messages until the connection ends or goes silent; returns why it ended (null when closed). */
    private String read(StreamListener connection, WebSocket ws) throws InterruptedException {
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
                return "silent for " + WebSockets.human(settings.silenceTimeout());
            }
            if (!probed && idle >= probeAfter) {
                probed = true;
                activityAtProbe = lastActivity;
                ws.sendPing(ByteBuffer.allocate(0)).exceptionally(e -> null);
                continue;
            }
            long wait = (probed ? silence : probeAfter) - idle;
            StreamListener.Inbound inbound = connection.inbox.poll(wait, TimeUnit.NANOSECONDS);
            switch (inbound) {
                case null -> {
                }
                case StreamListener.Inbound.Text t -> {
                    handle(t.text());
                    ws.request(1);
                }
                case StreamListener.Inbound.Oversized o -> {
                    skipped.incrementAndGet();
                    emit(Level.WARN, "Dome feed skipped a message over " + StreamListener.MAX_MESSAGE_CHARS
                            + " characters", null);
                }
                case StreamListener.Inbound.Ended e -> {
                    return e.reason();
                }
            }
        }
        return null;
    }

    // --- messages --------------------------------------------------------------------------------------------

    private void handle(String text) {
        Instant receivedAt = clock.instant();
        lastMessageAt = receivedAt;
        switch (DomeProtocol.read(text)) {
            case DomeProtocol.Message.Orders orders -> {
                recorder.record(Recorder.Kind.DOME_ORDERS, receivedAt, text);
                deliver(orders, text);
            }
            case DomeProtocol.Message.Acknowledged ack -> acknowledged(ack.subscriptionId());
            case DomeProtocol.Message.UpstreamError error ->
                    emit(Level.WARN, "Dome feed upstream error: " + excerpt(text), null);
            case DomeProtocol.Message.Unreadable unreadable -> {
                skipped.incrementAndGet();
                emit(Level.DEBUG, "Dome feed skipped an unreadable message: " + excerpt(text), null);
            }
            case DomeProtocol.Message.Other other -> emit(Level.DEBUG, "Dome feed ignored a message: "
                    + excerpt(text), null);
        }
    }

    private void acknowledged(String subscription) {
        failuresInRow = 0;
        if (!subscriptionIds.contains(subscription)) {
            subscriptionIds.add(subscription);
            if (subscriptionIds.size() == 1) {
                health.recordSuccess(0); // the stream answers: "quiet" from now on, not "blind"
            }
        }
    }

    private void deliver(DomeProtocol.Message.Orders orders, String text) {
        if (orders.malformed() > 0) {
            skipped.addAndGet(orders.malformed());
            emit(Level.DEBUG, "Dome feed skipped a malformed order event: " + excerpt(text), null);
        }
        if (orders.trades().isEmpty()) {
            return;
        }
        failuresInRow = 0;
        try {
            trades.accept(orders.trades());
        } catch (RuntimeException e) { // the pipeline's problem, not the source's: keep streaming
            emit(Level.ERROR, "Dome feed: the trade consumer failed on " + orders.trades().size() + " trade(s)", e);
        }
        health.recordSuccess(orders.trades().size());
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
        WebSockets.close(current);
        WebSockets.stop(t, JOIN_TIMEOUT);
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
        log.log(level, settings.redact(message), cause);
    }

    static String excerpt(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() > MAX_LOGGED_TEXT ? oneLine.substring(0, MAX_LOGGED_TEXT) + "…" : oneLine;
    }

}
