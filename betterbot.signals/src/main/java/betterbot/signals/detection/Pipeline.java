package betterbot.signals.detection;

import betterbot.signals.Signal;
import betterbot.signals.SignalSink;
import betterbot.signals.SignalType;
import betterbot.signals.detection.internal.BookDetector;
import betterbot.signals.detection.internal.Detection;
import betterbot.signals.detection.internal.Detectors;
import betterbot.signals.detection.internal.MarketCache;
import betterbot.signals.detection.internal.MarketDetector;
import betterbot.signals.detection.internal.RiskManager;
import betterbot.signals.detection.internal.StateMap;
import betterbot.signals.detection.internal.Stateful;
import betterbot.signals.detection.internal.TradeDetector;
import betterbot.signals.grading.WinProbabilities;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import betterbot.signals.sources.MarketFeed;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns market data into sized signals: detectors → risk manager → {@link SignalSink}. It is the sources'
 * {@link MarketFeed}: pollers (and the replay) parse upstream responses and hand each response to one of the
 * three entry points, with the time it was captured.
 *
 * <ul>
 *   <li>{@link #onMarkets} refreshes the market cache (used to enrich books and trades and to group NegRisk
 *       events) and runs the market detectors: expiry edge, volume spike.</li>
 *   <li>{@link #onBooks} runs the book detectors on one batch of books fetched together: price deviation, wide
 *       spread. Books of markets never seen by {@code onMarkets} are ignored.</li>
 *   <li>{@link #onTrades} drops fills already seen (overlapping polls), then runs the trade detectors oldest
 *       trade first: whale trade, whale cluster, tracked-wallet entry. A fill first seen from a feed that mixes
 *       maker and taker fills (a tracked wallet's) and later from the taker-only whale feed goes once more to
 *       the whale detectors, which count known taker fills only.</li>
 * </ul>
 *
 * <p>Deterministic: detected_at comes from the injected clock and everything else from the input, so the same
 * input gives the same signals with the same ids. A detector that throws on one input is logged and counted
 * ({@link PipelineStats#detectorFailures()}); its other inputs and the other detectors go on. Repeat detections of
 * an id already emitted never reach the sink. Thread-safe: calls are serialized, and the sink is called while the
 * pipeline is held, so signals reach it in detection order.
 *
 * <p>Each call is one transaction: its signals and the detector state they change (cooldowns, ongoing situations,
 * forming clusters) go to the {@link DetectionState} together. Only once that commit returns are fills marked as
 * seen, ids as emitted and the state changes kept; when it throws, the call leaves no trace and throws {@link
 * SignalsNotStoredException}, so the poll that fed it fails and the same input fed again gives the same signals.
 */
public final class Pipeline implements MarketFeed {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** Fills remembered for dedup: hours of the busiest feed. */
    private static final int FILL_MEMORY = 200_000;
    /** Signal ids remembered; older repeats still reach the store, whose id dedup absorbs them. */
    private static final int ID_MEMORY = 100_000;

    private final ReentrantLock lock = new ReentrantLock(); // not synchronized: pollers are virtual threads
    private final Clock clock;
    private final DetectionState state;
    /** Every detector state part, by kind ({@code <detector>/<index>}). */
    private final Map<String, StateMap<?>> stateParts = new LinkedHashMap<>();
    private final RiskManager risk;
    private final List<TradeDetector> tradeDetectors;
    private final List<MarketDetector> marketDetectors;
    private final List<BookDetector> bookDetectors;
    private final MarketCache markets = new MarketCache();
    private final LinkedHashMap<Long, Boolean> seenFills = recent(FILL_MEMORY);
    private final LinkedHashMap<String, Boolean> emittedIds = recent(ID_MEMORY);
    private final List<Detection> scratch = new ArrayList<>();
    private final Map<String, Long> signalsByType = new LinkedHashMap<>();
    private final Map<String, Long> detectorFailures = new LinkedHashMap<>();
    private long marketCount;
    private long bookCount;
    private long tradeCount;
    private long duplicateTrades;
    private long repeatsSuppressed;
    private long sinkFailures;

    Pipeline(Clock clock, SignalSink sink, RiskManager risk, List<TradeDetector> tradeDetectors,
             List<MarketDetector> marketDetectors, List<BookDetector> bookDetectors) {
        this(clock, new InMemoryDetectionState(sink), risk, tradeDetectors, marketDetectors, bookDetectors);
    }

    Pipeline(Clock clock, DetectionState state, RiskManager risk, List<TradeDetector> tradeDetectors,
             List<MarketDetector> marketDetectors, List<BookDetector> bookDetectors) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.state = Objects.requireNonNull(state, "state");
        this.risk = risk;
        this.tradeDetectors = List.copyOf(tradeDetectors);
        this.marketDetectors = List.copyOf(marketDetectors);
        this.bookDetectors = List.copyOf(bookDetectors);
        SignalType.NAMES.forEach(name -> signalsByType.put(name, 0L));
        List<Object> detectors = new ArrayList<>(tradeDetectors);
        detectors.addAll(marketDetectors);
        detectors.addAll(bookDetectors);
        for (Object d : detectors) {
            if (d instanceof Stateful s) {
                List<StateMap<?>> parts = s.state();
                for (int i = 0; i < parts.size(); i++) {
                    stateParts.put(nameOf(d) + '/' + i, parts.get(i));
                }
            }
        }
        restore();
    }

    /** A pipeline with the seven detectors (see docs/domain.md, Detection rules), its state in memory. */
    public static Pipeline create(DetectionConfig detection, RiskConfig risk, Clock clock, SignalSink sink) {
        return create(detection, risk, clock, new InMemoryDetectionState(sink));
    }

    /**
     * A pipeline with the seven detectors, storing its signals and state through {@code state} and starting from
     * the state it remembers.
     */
    public static Pipeline create(DetectionConfig detection, RiskConfig risk, Clock clock, DetectionState state) {
        return create(detection, risk, WinProbabilities.prior(), clock, state);
    }

    /**
     * A pipeline like {@link #create(DetectionConfig, RiskConfig, Clock, DetectionState)} whose risk manager sizes
     * from {@code probabilities}: calibrated from settled grades where a tier has enough of them.
     */
    public static Pipeline create(DetectionConfig detection, RiskConfig risk, WinProbabilities probabilities,
                                  Clock clock, DetectionState state) {
        return new Pipeline(clock, state, new RiskManager(risk, probabilities), Detectors.forTrades(detection),
                Detectors.forMarkets(detection), Detectors.forBooks(detection));
    }

    private static String nameOf(Object detector) {
        return switch (detector) {
            case TradeDetector d -> d.name();
            case MarketDetector d -> d.name();
            case BookDetector d -> d.name();
            default -> detector.getClass().getSimpleName();
        };
    }

    private void restore() {
        int restored = 0;
        int unreadable = 0;
        for (DetectionState.Entry e : state.load()) {
            StateMap<?> part = stateParts.get(e.kind());
            if (part == null) {
                continue; // a detector this version does not have, or configured differently
            }
            if (part.restore(e.key(), e.value())) {
                restored++;
            } else {
                unreadable++;
            }
        }
        if (restored + unreadable > 0) {
            LOG.info("detection state restored: {} items ({} unreadable, skipped)", restored, unreadable);
        }
    }

    /**
     * Takes one Gamma markets response.
     *
     * @param capturedAt when the response was received: the "now" of the snapshot (hours to expiry, the day of a
     *                   volume spike)
     * @return the signals delivered to the sink
     */
    @Override
    public List<Signal> onMarkets(List<Market> batch, Instant capturedAt) {
        lock.lock();
        try {
            marketCount += batch.size();
            batch.forEach(m -> markets.update(m, capturedAt)); // every market first: an event's legs may come later
            markets.evict(capturedAt); // markets that left the polled set or closed: the cache stays bounded
            List<Detection> found = new ArrayList<>();
            for (Market m : batch) {
                for (MarketDetector d : marketDetectors) {
                    guarded(d.name(), m, found, out -> d.onMarket(m, capturedAt, out));
                }
            }
            return deliver(found, capturedAt, Map.of());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes one batch of CLOB books fetched together (one {@code POST /books}).
     *
     * @return the signals delivered to the sink
     */
    @Override
    public List<Signal> onBooks(List<OrderBook> batch, Instant capturedAt) {
        lock.lock();
        try {
            bookCount += batch.size();
            List<Detection> found = new ArrayList<>();
            for (BookDetector d : bookDetectors) {
                guarded(d.name(), batch, found, out -> d.onBooks(batch, markets, capturedAt, out));
            }
            return deliver(found, capturedAt, Map.of());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes one Data API trades page (any order; newest first is usual).
     *
     * @param capturedAt when the page was received; state older than the detectors' windows before it is dropped
     * @return the signals delivered to the sink
     */
    @Override
    public List<Signal> onTrades(List<Trade> batch, Instant capturedAt) {
        lock.lock();
        try {
            tradeCount += batch.size();
            List<Trade> oldestFirst = new ArrayList<>(batch);
            oldestFirst.sort(Comparator.comparing(Trade::timestamp)); // stable: ties keep page order
            List<Detection> found = new ArrayList<>();
            // marked as seen only once the call's signals are stored
            Map<Long, Boolean> fills = new LinkedHashMap<>();
            for (Trade t : oldestFirst) {
                // the value says whether the fill was seen as a known taker's: a wallet feed's copy seen first must
                // not hide the whale feed's copy of the same fill from the detectors that count taker fills only
                long fill = t.fillHash();
                Boolean seenAsTaker = fills.containsKey(fill) ? fills.get(fill) : seenFills.get(fill);
                boolean takerNews = seenAsTaker != null && !seenAsTaker && t.knownTaker();
                if (seenAsTaker != null && !takerNews) {
                    duplicateTrades++;
                    continue;
                }
                fills.put(fill, t.knownTaker());
                for (TradeDetector d : tradeDetectors) {
                    if (!takerNews || d.takerFillsOnly()) {
                        guarded(d.name(), t, found, out -> d.onTrade(t, markets, capturedAt, out));
                    }
                }
            }
            for (TradeDetector d : tradeDetectors) {
                guarded(d.name(), "sweep", found, out -> d.sweep(capturedAt));
            }
            return deliver(found, capturedAt, fills);
        } finally {
            lock.unlock();
        }
    }

    PipelineStats stats() {
        lock.lock();
        try {
            return new PipelineStats(marketCount, bookCount, tradeCount, duplicateTrades, repeatsSuppressed,
                    signalsByType, detectorFailures, sinkFailures);
        } finally {
            lock.unlock();
        }
    }

    @FunctionalInterface
    private interface DetectorCall {
        void run(List<Detection> out);
    }

    /** Runs one detector on one input; what it found is kept only if it did not throw. */
    private void guarded(String detector, Object input, List<Detection> found, DetectorCall call) {
        scratch.clear();
        try {
            call.run(scratch);
            found.addAll(scratch);
        } catch (RuntimeException e) {
            long n = detectorFailures.merge(detector, 1L, Long::sum);
            if (n <= 10 || n % 1_000 == 0) { // a broken detector must not flood the log
                LOG.warn("detector {} failed on {} (failure {}): {}", detector, describe(input), n, e.toString(), e);
            }
        }
    }

    private static String describe(Object input) {
        return switch (input) {
            case Trade t -> "trade " + t.transactionHash() + " of " + t.wallet();
            case Market m -> "market " + m.conditionId();
            case List<?> books -> books.size() + " books";
            default -> String.valueOf(input);
        };
    }

    /**
     * Commits one call: its new signals with the state changes they go with. Fills, ids and state count only
     * once the commit returned; a failed commit rolls the state back and throws.
     */
    private List<Signal> deliver(List<Detection> found, Instant capturedAt, Map<Long, Boolean> fills) {
        List<Signal> signals = List.of();
        List<Detection> fresh = new ArrayList<>(found.size());
        if (!found.isEmpty()) {
            Instant detectedAt = clock.instant();
            Set<String> ids = new HashSet<>();
            signals = new ArrayList<>(found.size());
            for (Detection d : found) {
                if (emittedIds.containsKey(d.id()) || !ids.add(d.id())) {
                    repeatsSuppressed++;
                    continue;
                }
                fresh.add(d);
                signals.add(risk.assess(d, detectedAt));
            }
        }
        List<DetectionState.Entry> upserts = new ArrayList<>();
        List<DetectionState.Key> deletes = new ArrayList<>();
        stateParts.forEach((kind, part) -> part.collect(kind, upserts, deletes));
        long now = capturedAt.toEpochMilli();
        if (!signals.isEmpty() || !upserts.isEmpty() || !deletes.isEmpty()) {
            try {
                state.commit(signals, new DetectionState.Changes(upserts, deletes, now));
            } catch (RuntimeException e) {
                stateParts.values().forEach(StateMap::rollback);
                sinkFailures++;
                LOG.warn("could not store {} signals; the poll that found them fails and is retried: {}",
                        signals.size(), e.toString());
                throw new SignalsNotStoredException(signals.size(), e);
            }
        }
        stateParts.values().forEach(part -> part.commit(now));
        seenFills.putAll(fills);
        for (Detection d : fresh) {
            emittedIds.put(d.id(), Boolean.TRUE);
            signalsByType.merge(d.type().name(), 1L, Long::sum);
        }
        return signals;
    }

    private static <K> LinkedHashMap<K, Boolean> recent(int capacity) {
        return new LinkedHashMap<>(1 << 12, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }
}
