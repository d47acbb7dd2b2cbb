package betterbot.app;

import betterbot.http.ApiServer;
import betterbot.http.HttpConfig;
import betterbot.signals.SignalBroadcast;
import betterbot.signals.SourceStatus;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import betterbot.signals.sources.MarketFeed;
import betterbot.signals.sources.Sources;
import betterbot.signals.detection.Pipeline;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service and the one place it is wired: parts are built in dependency order and stopped in
 * reverse order, each stop step on its own so that one failure does not skip the rest.
 */
final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    private final SignalStore store;
    private final SignalBroadcast broadcast;
    private final Pipeline pipeline;
    private final ApiServer api;
    private final Sources sources;
    private final Deque<Step> stopSteps;
    private boolean closed;

    private record Step(String name, AutoCloseable action) {
    }

    private Service(SignalStore store, SignalBroadcast broadcast, Pipeline pipeline, ApiServer api, Sources sources,
                    Deque<Step> stopSteps) {
        this.store = store;
        this.broadcast = broadcast;
        this.pipeline = pipeline;
        this.api = api;
        this.sources = sources;
        this.stopSteps = stopSteps;
    }

    /** The pipeline as the sources see it: what they fetched, with its capture time. */
    private static MarketFeed feedOf(Pipeline pipeline) {
        return new MarketFeed() {
            @Override
            public void onMarkets(List<Market> markets, Instant capturedAt) {
                pipeline.onMarkets(markets, capturedAt);
            }

            @Override
            public void onBooks(List<OrderBook> books, Instant capturedAt) {
                pipeline.onBooks(books, capturedAt);
            }

            @Override
            public void onTrades(List<Trade> trades, Instant capturedAt) {
                pipeline.onTrades(trades, capturedAt);
            }
        };
    }

    /** Opens the store and starts the API. Whatever was started is stopped again if a later part fails. */
    static Service start(Config config, String version, Clock clock) {
        Deque<Step> steps = new ArrayDeque<>();
        try {
            SignalStore store = SignalStore.open(new StoreConfig(config.dbPath(), config.maxSignals(), clock));
            steps.push(new Step("signal store", store));
            // detectors → risk manager → store → live broadcast: only rows new to the store are broadcast, with seq
            SignalBroadcast broadcast = new SignalBroadcast();
            Pipeline pipeline = Pipeline.create(config.detection(), config.risk(), clock,
                    signals -> broadcast.publish(store.storeAll(signals)));
            ApiServer api = ApiServer.start(new HttpConfig(config.bindAddress(), config.port(), version), store, clock);
            steps.push(new Step("HTTP API", api));
            // last to start, first to stop: nothing is fetched that could not be stored
            Sources sources = config.sourcesEnabled()
                    ? Sources.start(config.sources(), feedOf(pipeline), store.sourceLedger(), clock) : null;
            if (sources != null) {
                steps.push(new Step("sources", sources));
            }
            return new Service(store, broadcast, pipeline, api, sources, steps);
        } catch (RuntimeException e) {
            stopAll(steps);
            throw e;
        }
    }

    SignalStore store() {
        return store;
    }

    /** Newly stored signals, in seq order, for live subscribers. */
    SignalBroadcast broadcast() {
        return broadcast;
    }

    /** Where pollers hand parsed upstream responses. */
    Pipeline pipeline() {
        return pipeline;
    }

    /** How each upstream source is doing; empty when polling is off. */
    List<SourceStatus> sourceStatuses() {
        return sources == null ? List.of() : sources.statuses();
    }

    int port() {
        return api.port();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long start = System.nanoTime();
        stopAll(stopSteps);
        LOG.info("stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    private static void stopAll(Deque<Step> steps) {
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.action().close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", step.name(), e.toString());
            }
        }
    }
}
