package betterbot.http.internal;

import betterbot.http.HttpConfig;
import betterbot.signals.RiskLevel;
import betterbot.signals.SignalBroadcast;
import betterbot.signals.Source;
import betterbot.signals.StoredSignal;
import betterbot.storage.SignalPage;
import betterbot.storage.SignalQuery;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/signals/stream}: Server-Sent Events, one {@code signal} event per signal with its seq as the
 * event id. A client resuming with {@code Last-Event-ID} (or {@code ?after_seq=}) first gets what it missed
 * from the store, then live signals, with no gap and no duplicate:
 * <ol>
 * <li>subscribe to the broadcast first, into the client's bounded queue, so nothing stored from then on can
 *     be missed;</li>
 * <li>replay from the store, oldest first, after the cursor, until a page comes back short (caught up);</li>
 * <li>send from the queue, skipping any seq already sent by the replay.</li>
 * </ol>
 * Each client is served by its own request thread, which is the only writer of its connection. The broadcast
 * listener only offers to the client's queue; when the queue is full the client is too slow: it is marked
 * dropped and its thread interrupted, which ends a wait on the queue or, mid-write, closes the socket
 * (interruptible channel), so a stuck reader never holds up the pipeline or the other clients. The broadcast
 * delivers signals in seq order, which the skip relies on.
 */
final class SignalStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalStream.class);
    static final Set<String> PARAMS = Set.of("after_seq", "type", "source", "market", "min_confidence");
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";
    /** Signals read from the store at once while replaying: about 250 KB held per replaying client. */
    static final int REPLAY_PAGE = 200;
    /** Between the two pings of a probe: long enough for a closed peer's reset to come back. */
    static final long PROBE_GAP_MILLIS = 200;
    private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final long CLOSE_WAIT_MILLIS = 1000;
    /** Put in a client's queue to wake its writer for shutdown: a socket write is never interrupted then. */
    private static final StoredSignal WAKE_UP = new StoredSignal(-1, "", "", "{}", "", 0, RiskLevel.LOW, "{}",
            Instant.EPOCH, Source.POLYMARKET);
    /** Put in a client's queue to make its writer ping twice: a client that has gone fails the second write. */
    private static final StoredSignal PROBE = new StoredSignal(-2, "", "", "{}", "", 0, RiskLevel.LOW, "{}",
            Instant.EPOCH, Source.POLYMARKET);

    private final SignalStore store;
    private final SignalBroadcast broadcast;
    private final Duration heartbeat;
    private final int queueCapacity;
    private final int maxClients;
    private final Semaphore slots;
    private final HeavyWork heavy;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final LongAdder droppedSlow = new LongAdder();
    private final LongAdder eventsSent = new LongAdder();
    private volatile boolean closing;

    SignalStream(SignalStore store, SignalBroadcast broadcast, HttpConfig config, HeavyWork heavy) {
        this.store = store;
        this.heavy = heavy;
        this.broadcast = broadcast;
        this.heartbeat = config.heartbeatInterval();
        this.queueCapacity = config.streamQueueCapacity();
        this.maxClients = config.maxStreamClients();
        this.slots = new Semaphore(maxClients);
    }

    /** Figures for /metrics. */
    record Stats(int clients, long droppedSlow, long eventsSent) {
    }

    Stats stats() {
        return new Stats(clients.size(), droppedSlow.sum(), eventsSent.sum());
    }

    /** One connected client: its queue, the thread writing to it, and why it stops. */
    private final class Client {
        final BlockingQueue<StoredSignal> queue = new ArrayBlockingQueue<>(queueCapacity);
        final Thread writer = Thread.currentThread();
        final SignalFilter filter;
        volatile boolean dropped;
        volatile boolean shuttingDown;

        Client(SignalFilter filter) {
            this.filter = filter;
        }

        /** Ends the stream at the writer's next step; interrupts only if the queue has no room for the wake-up. */
        void shutDown() {
            shuttingDown = true;
            if (!queue.offer(WAKE_UP)) {
                writer.interrupt();
            }
        }

        /** Asks the writer to find out whether its client is still there; never blocks. */
        void probe() {
            queue.offer(PROBE); // a full queue means the writer is busy writing: it finds out anyway
        }

        /** Called on the publishing thread: never blocks. */
        void offer(StoredSignal signal) {
            if (dropped || !filter.matches(signal)) {
                return;
            }
            if (!queue.offer(signal)) {
                dropped = true;
                droppedSlow.increment();
                writer.interrupt();
            }
        }
    }

    void handle(Exchange exchange) throws IOException {
        SignalFilter filter = SignalFilter.from(exchange, null);
        Long cursor = resumeCursor(exchange);
        if (exchange.isHead()) {
            exchange.responseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.responseHeaders().set("Cache-Control", "no-cache");
            exchange.sendEmpty(200);
            return;
        }
        if (closing) {
            throw ApiError.unavailable("the server is shutting down");
        }
        if (!store.isUsable()) {
            throw ApiError.unavailable("the signal store is unavailable");
        }
        if (!slots.tryAcquire() && !slotAfterProbing()) {
            throw ApiError.busy("too many live streams (" + maxClients + "); try again later",
                    HeavyWork.RETRY_AFTER_SECONDS);
        }
        HeavyWork.Slot replaySlot;
        try {
            // a replay holds pages of signals while writing them: heavy work, unless there is nothing to replay
            replaySlot = cursor != null && cursor < store.lastSeq() ? heavy.admit() : null;
        } catch (ApiError busy) {
            slots.release();
            throw busy;
        }
        Client client = new Client(filter);
        clients.add(client);
        if (closing) {
            client.shutDown(); // close() ran between the check above and the add
        }
        SignalBroadcast.Subscription subscription = broadcast.subscribe(client::offer);
        try {
            // Read after subscribing: a signal committed meanwhile is in the replay, the queue, or both.
            long after = cursor != null ? cursor : store.lastSeq();
            exchange.responseHeaders().set("Cache-Control", "no-cache");
            exchange.responseHeaders().set("X-Accel-Buffering", "no"); // tells nginx not to buffer the stream
            OutputStream out = exchange.startStream(CONTENT_TYPE, true);
            out.write(": connected\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long last;
            try {
                last = replay(out, client, after);
            } finally {
                if (replaySlot != null) {
                    replaySlot.close();
                }
            }
            live(out, client, last);
        } catch (InterruptedException | IOException e) {
            // Client gone, dropped as too slow, or shutdown: the stream ends either way.
            LOG.debug("stream to {} ended: {}", exchange.remoteAddress(), e.toString());
        } catch (StoreException e) {
            if (client.dropped || client.shuttingDown) {
                LOG.debug("stream to {} ended while reading the store: {}", exchange.remoteAddress(), e.toString());
            } else {
                LOG.warn("stream to {} ended: the signal store failed: {}", exchange.remoteAddress(), e.getMessage());
            }
        } finally {
            if (replaySlot != null) {
                replaySlot.close(); // ended before the replay began
            }
            subscription.close();
            clients.remove(client);
            slots.release();
            if (exchange.writeTimedOut() && !client.dropped) {
                droppedSlow.increment(); // stopped reading: cut by the write timeout, in replay or live
            }
            if (client.dropped) {
                // Closing must not write to a reader that stopped reading: an interrupted thread's next socket
                // write closes the channel at once instead of blocking.
                Thread.currentThread().interrupt();
            } else if (client.shuttingDown) {
                Thread.interrupted(); // end the chunked body cleanly so curl and browsers see a normal end
            }
        }
    }

    /**
     * Every slot is taken, but some may belong to clients that have gone without the server noticing (a
     * closed connection shows only when written to): each stream pings twice now, those whose client has gone
     * end, and this client waits for a freed slot.
     */
    private boolean slotAfterProbing() {
        for (Client c : clients) {
            c.probe();
        }
        try {
            return slots.tryAcquire(PROBE_GAP_MILLIS * 4, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code Last-Event-ID} (sent by a reconnecting EventSource) wins over {@code after_seq} of the URL. */
    private static Long resumeCursor(Exchange exchange) {
        String lastEventId = exchange.requestHeader("Last-Event-ID");
        if (lastEventId != null && !lastEventId.isBlank()) {
            return Exchange.parseSeq("Last-Event-ID", lastEventId);
        }
        return exchange.seqParam("after_seq");
    }

    /** Sends stored signals after {@code after}, oldest first; returns the last seq sent (or {@code after}). */
    private long replay(OutputStream out, Client client, long after) throws IOException {
        long last = after;
        long cursor = after;
        while (!client.dropped && !client.shuttingDown) {
            SignalPage page = store.query(client.filter.applyTo(SignalQuery.newest(REPLAY_PAGE)).withAfterSeq(cursor));
            for (StoredSignal s : page.signals()) {
                writeEvent(out, s);
                last = s.seq();
            }
            out.flush();
            if (page.nextCursor() == null) {
                break;
            }
            cursor = page.nextCursor();
        }
        return last;
    }

    private void live(OutputStream out, Client client, long lastSent) throws IOException, InterruptedException {
        long last = lastSent;
        long heartbeatNanos = heartbeat.toNanos();
        while (!client.dropped && !client.shuttingDown) {
            StoredSignal s = client.queue.poll(heartbeatNanos, TimeUnit.NANOSECONDS);
            if (s == null) {
                out.write(PING);
            } else {
                boolean probe = false;
                do {
                    if (s == WAKE_UP) {
                        break;
                    }
                    if (s == PROBE) {
                        probe = true;
                    } else if (s.seq() > last) { // already sent by the replay otherwise
                        writeEvent(out, s);
                        last = s.seq();
                    }
                    s = client.queue.poll();
                } while (s != null);
                if (probe) {
                    out.write(PING);
                    out.flush();
                    Thread.sleep(PROBE_GAP_MILLIS);
                    out.write(PING);
                }
            }
            out.flush();
        }
    }

    private void writeEvent(OutputStream out, StoredSignal s) throws IOException {
        // Stored JSON is single-line, so one data: line carries the whole signal.
        out.write(("id: " + s.seq() + "\nevent: signal\ndata: " + s.toJson() + "\n\n").getBytes(StandardCharsets.UTF_8));
        eventsSent.increment();
    }

    /** Ends every stream, so that stopping the server does not wait on them; new streams are refused. */
    @Override
    public void close() {
        closing = true;
        for (Client c : clients) {
            c.shutDown();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        while (!clients.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
