package betterbot.signals.sources.internal;

import betterbot.signals.Signal;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.sources.MarketFeed;
import betterbot.signals.sources.MarketStreamConfig;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real-time books from the CLOB market WebSocket (see docs/domain.md, Upstream: CLOB market stream, and
 * docs/internals.md, The market stream).
 *
 * <p>What it follows: the outcome tokens of the markets poll's markets in its order (by 24 h volume), whole outcome
 * sets at a time (a NegRisk event's open legs, or one market's tokens), up to {@code maxTokens}. The set is
 * recomputed whenever the markets poll replaced the catalog, and the difference is subscribed and unsubscribed
 * in frames of at most 100 ids.
 *
 * <p>One platform thread ({@code market-stream}) owns the connection: it connects, sends the subscription, sends
 * {@code PING} every {@code pingInterval}, handles one frame at a time (the next is requested once one is handled,
 * so a slow pipeline slows the socket instead of growing a queue), reconnects after {@code silence} without a
 * market message or when the socket ends, after the sources' backoff with jitter. Every reconnect forgets the
 * books: the snapshots sent on subscribe rebuild them.
 *
 * <p>Detection: a frame that moved the top of a token's book hands the books of that token's whole outcome set
 * (and market) to the pipeline at once, which judges them with the same detectors, ids and cooldowns as polled
 * books. When that call fails (the store is down), the sets are judged again from the then current books after a
 * growing wait, so no signal is lost while the books keep moving.
 *
 * <p>Reconciliation: the books poll hands every REST book it fetched to {@link #reconcile}; a streamed book that
 * differs from a REST book at least as new is counted and replaced. When more than a tenth of the compared books
 * differ three rounds in a row, the source is degraded (drift) until a round agrees.
 */
final class MarketStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MarketStream.class);
    static final String THREAD_NAME = "market-stream";
    /** How often the followed set is compared with the catalog, and success reported to the source's health. */
    private static final long HOUSEKEEPING_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(2);
    static final double DRIFT_SHARE = 0.1;
    static final int DRIFT_ROUNDS = 3;

    /** One outcome set's tokens: what is judged together when one of them changes. */
    record Group(List<String> tokens) {
    }

    /** The tokens followed, in subscription order, and the group of each. */
    record Following(List<String> tokens, Map<String, Group> groupOf) {
        static final Following NONE = new Following(List.of(), Map.of());
    }

    /** Counters, for /health, /metrics and the benchmarks. */
    record Stats(int followed, int books, long levels, long messages, long judged, long reconnects, long skipped,
                 long compared, long replaced, long storeRetries) {
    }

    private final MarketStreamConfig config;
    private final MarketCatalog catalog;
    private final MarketFeed feed;
    private final SourceHealth health;
    private final Clock clock;
    private final Backoff backoff;
    private final RandomGenerator random;
    private final Duration connectTimeout;
    private final Poller.Sleeper sleeper;
    /** Built on the stream's thread (its TLS set-up stays off the service's start), shut down when it ends. */
    private volatile HttpClient client;

    /** Guards the books and the followed set: the stream thread changes them, the books poll reconciles. */
    private final ReentrantLock lock = new ReentrantLock();
    private final LiveBooks books = new LiveBooks();
    private Following following = Following.NONE;
    private long catalogVersion = -1;
    private int reconcileCursor;
    private int driftRounds;

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong judged = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong compared = new AtomicLong();
    private final AtomicLong replaced = new AtomicLong();
    private final AtomicLong storeRetries = new AtomicLong();
    /** Frame arrival → the signals it opened committed, for the frames that opened any. */
    private final RecentLags storedLags = new RecentLags();
    private volatile boolean connected;
    private volatile boolean running;
    private volatile boolean closed;
    private volatile Thread thread;
    private volatile WebSocket current;

    // stream thread only
    private final Set<Group> retry = new LinkedHashSet<>();
    private long retryAt;
    /** Arrival of the earliest frame whose sets wait in {@link #retry} (0: none): a retried store's lag starts there. */
    private long retrySince;
    private int storeFailures;
    private int failuresInRow;
    private long connections;
    private long itemsSinceReport;
    private long messagesSinceReport;

    MarketStream(MarketStreamConfig config, MarketCatalog catalog, MarketFeed feed, SourceHealth health, Clock clock,
                 Backoff backoff, RandomGenerator random, Duration connectTimeout) {
        this(config, catalog, feed, health, clock, backoff, random, connectTimeout, Thread::sleep);
    }

    MarketStream(MarketStreamConfig config, MarketCatalog catalog, MarketFeed feed, SourceHealth health, Clock clock,
                 Backoff backoff, RandomGenerator random, Duration connectTimeout, Poller.Sleeper sleeper) {
        this.config = config;
        this.catalog = catalog;
        this.feed = feed;
        this.health = health;
        this.clock = clock;
        this.backoff = backoff;
        this.random = random;
        this.connectTimeout = connectTimeout;
        this.sleeper = sleeper;
        health.counters(this::counters);
    }

    /** The stream's own counters, for /health and /metrics (docs/api.md). */
    private Map<String, Long> counters() {
        Stats s = stats();
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("tokens_followed", (long) s.followed());
        out.put("books", (long) s.books());
        out.put("levels", s.levels());
        out.put("messages", s.messages());
        out.put("sets_judged", s.judged());
        out.put("reconnects", s.reconnects());
        out.put("books_compared", s.compared());
        out.put("books_replaced", s.replaced());
        out.put("store_retries", s.storeRetries());
        storedLags.addTo(out, "stored_lag");
        return out;
    }

    /**
     * Starts the stream on its thread; a second call, or one after {@link #close()}, does nothing. A platform
     * thread, not a virtual one: the store runs a platform caller's write on the caller's thread when it is free,
     * which saves each signal the hand-off to the store's own thread (docs/internals.md, The market stream).
     */
    synchronized void start() {
        if (running || closed) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name(THREAD_NAME).daemon(true).start(this::run);
    }

    boolean connected() {
        return connected;
    }

    Stats stats() {
        lock.lock();
        try {
            return new Stats(following.tokens().size(), books.size(), books.levels(), messages.get(), judged.get(),
                    reconnects.get(), skipped.get(), compared.get(), replaced.get(), storeRetries.get());
        } finally {
            lock.unlock();
        }
    }

    /** The token's book as detection reads it (its top), or null; for tests and benchmarks. */
    OrderBook top(String assetId) {
        lock.lock();
        try {
            return books.top(assetId);
        } finally {
            lock.unlock();
        }
    }

    /** The token's levels, bids best first then asks best first; for tests. */
    List<List<betterbot.signals.market.BookLevel>> levelsOf(String assetId) {
        lock.lock();
        try {
            return books.levelsOf(assetId);
        } finally {
            lock.unlock();
        }
    }

    Double tickSizeOf(String assetId) {
        lock.lock();
        try {
            return books.tickSizeOf(assetId);
        } finally {
            lock.unlock();
        }
    }

    // --- what is followed ------------------------------------------------------------------------------------

    /**
     * The tokens to follow: whole outcome sets in the markets' order until {@code maxTokens}. A NegRisk event whose
     * legs were all fetched is one set of its open legs' tokens; a market of an event not fully fetched, and any
     * other market, is a set of its own tokens (its spread is judged, its event never as a whole). Closed and
     * halted markets have no book to follow.
     */
    static Following follow(List<Market> markets, Set<String> incompleteEvents, int maxTokens) {
        Map<String, List<String>> sets = new LinkedHashMap<>();
        for (Market m : markets) {
            if (!m.isOpen() || m.tokenIds().isEmpty()) {
                continue;
            }
            List<String> set = sets.computeIfAbsent(BooksPoll.outcomeSet(m, incompleteEvents),
                    k -> new ArrayList<>());
            for (String token : m.tokenIds()) {
                if (!set.contains(token)) {
                    set.add(token);
                }
            }
        }
        List<String> tokens = new ArrayList<>();
        Map<String, Group> groupOf = new HashMap<>();
        for (List<String> set : sets.values()) {
            List<String> fresh = set.stream().filter(t -> !groupOf.containsKey(t)).toList();
            if (tokens.size() + fresh.size() > maxTokens) {
                break; // whole sets only: a set cut in two could never be judged
            }
            Group g = new Group(List.copyOf(fresh));
            for (String t : fresh) {
                groupOf.put(t, g);
                tokens.add(t);
            }
        }
        return new Following(List.copyOf(tokens), Map.copyOf(groupOf));
    }

    /** Follows the catalog's markets now, without connecting: the replay benchmark hands frames in itself. */
    void followCatalog() {
        refollow();
    }

    /** Recomputes the followed set when the catalog changed; returns {added, removed} (both empty otherwise). */
    private List<List<String>> refollow() {
        long version = catalog.version();
        if (version == catalogVersion) {
            return List.of(List.of(), List.of());
        }
        Following next = follow(catalog.markets(), catalog.incompleteEvents(), config.maxTokens());
        lock.lock();
        try {
            Set<String> before = new HashSet<>(following.tokens());
            Set<String> after = new HashSet<>(next.tokens());
            List<String> added = next.tokens().stream().filter(t -> !before.contains(t)).toList();
            List<String> removed = following.tokens().stream().filter(t -> !after.contains(t)).toList();
            following = next;
            catalogVersion = version;
            books.retain(after);
            if (!added.isEmpty() || !removed.isEmpty()) {
                LOG.debug("market stream follows {} tokens (at most MARKET_STREAM_TOKENS)", next.tokens().size());
            }
            return List.of(added, removed);
        } finally {
            lock.unlock();
        }
    }

    // --- the connection loop ---------------------------------------------------------------------------------

    private void run() {
        client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        try {
            loop();
        } finally {
            client.shutdownNow();
        }
    }

    private void loop() {
        while (running) {
            String failure;
            try {
                failure = session();
            } catch (RuntimeException e) { // a bug in this class: keep the stream alive, but say so
                LOG.error("market stream session failed unexpectedly", e);
                failure = "internal error: " + WebSockets.describe(e);
            }
            if (!running) {
                return;
            }
            if (failure == null) {
                continue;
            }
            failuresInRow++;
            health.recordFailure(failure);
            Duration wait = backoff.delay(failuresInRow, random);
            if (failuresInRow == 1) {
                LOG.info("market stream {}: {}; reconnecting in {}", config.url(), failure, WebSockets.human(wait));
            } else {
                LOG.debug("market stream {}: {}; reconnecting in {}", config.url(), failure, WebSockets.human(wait));
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            }
        }
    }

    /**
     * One connection from handshake to its end; returns why it ended, or null when there was nothing to follow
     * yet (after waiting a moment) or the stream was closed.
     */
    private String session() {
        refollow();
        List<String> tokens;
        lock.lock();
        try {
            tokens = following.tokens();
        } finally {
            lock.unlock();
        }
        if (tokens.isEmpty()) {
            health.recordWaiting("waiting for the markets source: no markets known yet");
            try {
                sleeper.sleep(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                // closing, or a new catalog: look again
            }
            return null;
        }
        StreamListener connection = new StreamListener();
        WebSocket ws;
        try {
            ws = WebSockets.open(client, config.url(), connectTimeout, connection);
        } catch (InterruptedException e) {
            return running ? "interrupted" : null;
        } catch (WebSockets.NotOpened e) {
            return e.getMessage();
        }
        current = ws;
        if (!running) {
            ws.abort();
            current = null;
            return null;
        }
        lock.lock();
        try {
            books.clear(); // rebuilt from the snapshots this subscription brings
            tokens = following.tokens();
        } finally {
            lock.unlock();
        }
        connected = true;
        if (connections++ > 0) {
            reconnects.incrementAndGet();
        }
        LOG.info("market stream connected to {}; subscribing {} tokens", config.url(), tokens.size());
        try {
            send(ws, MarketStreamProtocol.connectFrames(tokens));
            return read(connection, ws);
        } catch (InterruptedException e) {
            return running ? "interrupted" : null;
        } catch (ExecutionException e) {
            return "send failed: " + WebSockets.describe(e.getCause());
        } catch (TimeoutException e) {
            return "a frame was not sent within " + WebSockets.human(connectTimeout);
        } finally {
            report(); // what this session brought counts, however short it was
            connected = false;
            current = null;
            ws.abort();
            lock.lock();
            try {
                books.clear(); // stale from now on: detection waits for the next connection's snapshots
            } finally {
                lock.unlock();
            }
        }
    }

    private void send(WebSocket ws, List<String> frames) throws InterruptedException, ExecutionException,
            TimeoutException {
        for (String frame : frames) {
            ws.sendText(frame, true).get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Handles frames until the connection ends or goes silent; returns why it ended (null when closed). */
    private String read(StreamListener connection, WebSocket ws) throws InterruptedException, ExecutionException,
            TimeoutException {
        long silence = config.silence().toNanos();
        long ping = config.pingInterval().toNanos();
        long lastData = System.nanoTime();
        long lastPing = lastData;
        long lastHousekeeping = lastData;
        while (running) {
            long now = System.nanoTime();
            if (now - lastData >= silence) {
                return "no market message for " + WebSockets.human(config.silence());
            }
            if (now - lastPing >= ping) {
                ws.sendText(MarketStreamProtocol.PING, true).get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
                lastPing = now;
            }
            if (now - lastHousekeeping >= HOUSEKEEPING_NANOS) {
                lastHousekeeping = now;
                resubscribe(ws);
                report();
            }
            if (!retry.isEmpty() && now - retryAt >= 0) {
                judge(new ArrayList<>(retry), 0);
            }
            long wait = Math.min(Math.min(silence - (now - lastData), ping - (now - lastPing)),
                    HOUSEKEEPING_NANOS - (now - lastHousekeeping));
            if (!retry.isEmpty()) {
                wait = Math.min(wait, retryAt - now);
            }
            StreamListener.Inbound inbound = connection.inbox.poll(Math.max(wait, 1), TimeUnit.NANOSECONDS);
            switch (inbound) {
                case null -> {
                }
                case StreamListener.Inbound.Text t -> {
                    if (handle(t.text(), t.receivedAt())) {
                        lastData = System.nanoTime();
                    }
                    ws.request(1);
                }
                case StreamListener.Inbound.Oversized o -> {
                    skipped.incrementAndGet();
                    health.recordSkipped(1);
                    lastData = System.nanoTime();
                }
                case StreamListener.Inbound.Ended e -> {
                    return e.reason();
                }
            }
        }
        return null;
    }

    /** Subscribes what the catalog added and unsubscribes what it dropped, 100 ids a frame. */
    private void resubscribe(WebSocket ws) throws InterruptedException, ExecutionException, TimeoutException {
        List<List<String>> diff = refollow();
        if (!diff.get(1).isEmpty()) {
            send(ws, MarketStreamProtocol.operationFrames(diff.get(1), false));
        }
        if (!diff.get(0).isEmpty()) {
            send(ws, MarketStreamProtocol.operationFrames(diff.get(0), true));
            LOG.debug("market stream subscribed {} and unsubscribed {} tokens", diff.get(0).size(),
                    diff.get(1).size());
        }
    }

    /**
     * Reports the stream alive to its health at most once a housekeeping period (cheap on a busy stream), and only
     * when market messages came: a socket that opens but brings nothing (PONGs alone) is not a working source, and
     * its reconnects count as failures in a row until data flows.
     */
    private void report() {
        if (messagesSinceReport > 0) {
            health.recordSuccess((int) Math.min(itemsSinceReport, Integer.MAX_VALUE));
            itemsSinceReport = 0;
            messagesSinceReport = 0;
            failuresInRow = 0;
        }
    }

    // --- frames ----------------------------------------------------------------------------------------------

    /** {@link #handle(String, long)} of a frame that arrives now; for tests and benchmarks. */
    boolean handle(String text) {
        return handle(text, System.nanoTime());
    }

    /**
     * Handles one frame that arrived at {@code receivedAt} ({@link System#nanoTime()}); returns true when it held a
     * market message (a PONG alone does not count).
     */
    boolean handle(String text, long receivedAt) {
        if (MarketStreamProtocol.PONG.equals(text.strip())) {
            return false;
        }
        MarketStreamProtocol.Frame frame = MarketStreamProtocol.read(text);
        messages.incrementAndGet();
        messagesSinceReport++;
        if (frame.malformed() > 0) {
            skipped.addAndGet(frame.malformed());
            health.recordSkipped(frame.malformed());
        }
        if (frame.events().isEmpty()) {
            return true;
        }
        Set<Group> changed = new LinkedHashSet<>();
        lock.lock();
        try {
            for (MarketStreamProtocol.Event e : frame.events()) {
                String asset;
                boolean moved;
                switch (e) {
                    case MarketStreamProtocol.Event.Snapshot s -> {
                        asset = s.book().assetId();
                        moved = following.groupOf().containsKey(asset) && books.snapshot(s.book());
                    }
                    case MarketStreamProtocol.Event.LevelChange c -> {
                        asset = c.assetId();
                        moved = books.change(asset, c.bid(), c.price(), c.size(), c.timestamp());
                    }
                    case MarketStreamProtocol.Event.TickSize t -> {
                        asset = t.assetId();
                        moved = books.tickSize(asset, t.tickSize(), t.timestamp());
                    }
                }
                if (moved) {
                    Group g = following.groupOf().get(asset);
                    if (g != null) {
                        changed.add(g);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        itemsSinceReport += frame.events().size();
        if (!changed.isEmpty()) {
            changed.addAll(retry); // a set waiting for a retry goes along: one store call for both
            judge(new ArrayList<>(changed), receivedAt);
        }
        return true;
    }

    /**
     * Hands the current books of the given sets to the pipeline in one call. A set with a token whose book is not
     * known yet goes anyway: the detectors judge what is complete (a market's spread) and skip the rest.
     */
    private void judge(List<Group> groups, long receivedAt) { // receivedAt 0: a retry, no new frame
        List<OrderBook> batch = tops(groups);
        if (batch.isEmpty()) {
            retry.clear();
            retrySince = 0;
            return;
        }
        long since = retrySince != 0 ? retrySince : receivedAt;
        try {
            List<Signal> stored = feed.onBooks(batch, clock.instant());
            if (since != 0 && !stored.isEmpty()) {
                storedLags.record(System.nanoTime() - since); // onBooks returns once they are committed
            }
            judged.addAndGet(groups.size());
            retry.clear();
            retrySince = 0;
            storeFailures = 0;
        } catch (RuntimeException e) { // the store is failing: judge these sets again, from the books then
            retry.addAll(groups);
            retrySince = since;
            storeFailures++;
            storeRetries.incrementAndGet();
            retryAt = System.nanoTime() + backoff.delay(storeFailures, random).toNanos();
            if (storeFailures == 1) {
                LOG.warn("market stream: {} outcome sets could not be judged and stored; retrying: {}",
                        groups.size(), e.toString());
            }
        }
    }

    /** The top of every known book of the given sets, as detection reads them. */
    private List<OrderBook> tops(java.util.Collection<Group> groups) {
        List<OrderBook> batch = new ArrayList<>();
        lock.lock();
        try {
            for (Group g : groups) {
                for (String token : g.tokens()) {
                    OrderBook b = books.top(token);
                    if (b != null) {
                        batch.add(b);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        return batch;
    }

    // --- reconciliation --------------------------------------------------------------------------------------

    /**
     * Up to {@code max} followed tokens not in {@code fetched}, round robin over the followed set, for the books
     * poll to fetch beside its own so that every streamed book is checked against REST in turn. Empty while
     * disconnected (there is nothing streamed to check).
     */
    List<String> tokensToCheck(Set<String> fetched, int max) {
        lock.lock();
        try {
            List<String> tokens = following.tokens();
            if (!connected || tokens.isEmpty() || max <= 0) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int seen = 0; seen < tokens.size() && out.size() < max; seen++) {
                reconcileCursor = (reconcileCursor + 1) % tokens.size();
                String t = tokens.get(reconcileCursor);
                if (!fetched.contains(t)) {
                    out.add(t);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks the streamed books against REST books fetched just now: a streamed book that differs from a REST
     * book at least as new is counted and replaced, and its outcome set judged again. Called by the books poll's
     * thread; returns how many books were replaced.
     */
    int reconcile(List<OrderBook> rest) {
        if (!connected) {
            return 0;
        }
        Set<Group> changed = new LinkedHashSet<>();
        int comparedNow = 0;
        int replacedNow = 0;
        lock.lock();
        try {
            for (OrderBook b : rest) {
                switch (books.reconcile(b)) {
                    case SAME -> comparedNow++;
                    case REPLACED -> {
                        comparedNow++;
                        replacedNow++;
                        Group g = following.groupOf().get(b.assetId());
                        if (g != null) {
                            changed.add(g);
                        }
                    }
                    case UNKNOWN, NEWER -> {
                    }
                }
            }
            if (comparedNow > 0) {
                driftRounds = replacedNow > comparedNow * DRIFT_SHARE ? driftRounds + 1 : 0;
            }
        } finally {
            lock.unlock();
        }
        compared.addAndGet(comparedNow);
        replaced.addAndGet(replacedNow);
        if (replacedNow > 0) {
            LOG.debug("market stream: {} of {} books differed from REST and were replaced", replacedNow, comparedNow);
        }
        if (comparedNow > 0) {
            health.recordDrift(driftRounds >= DRIFT_ROUNDS ? "streamed books drift from REST: " + replacedNow + " of "
                    + comparedNow + " differed, " + driftRounds + " checks in a row" : null);
        }
        if (!changed.isEmpty()) {
            feed.onBooks(tops(changed), clock.instant()); // throws to the poll when the store fails: it is retried
        }
        return replacedNow;
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
        WebSockets.stop(t, JOIN_TIMEOUT); // the thread shuts its client down as it ends
        connected = false;
    }

    @Override
    public String toString() {
        return "MarketStream[url=" + config.url() + ", connected=" + connected + ", reconnects=" + reconnects.get()
                + "]";
    }
}
