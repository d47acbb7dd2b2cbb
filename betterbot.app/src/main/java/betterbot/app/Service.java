package betterbot.app;

import betterbot.http.ApiServer;
import betterbot.signals.SignalBroadcast;
import betterbot.signals.detection.Pipeline;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service and the one place it is wired: parts are built in dependency order and each is
 * registered with the one ordered stop ({@link Shutdown}: pollers, streams, HTTP, store).
 */
final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);

    private final SignalStore store;
    private final SignalBroadcast broadcast;
    private final Pipeline pipeline;
    private final ApiServer api;
    private final Shutdown shutdown;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    private Service(SignalStore store, SignalBroadcast broadcast, Pipeline pipeline, ApiServer api,
                    Shutdown shutdown) {
        this.store = store;
        this.broadcast = broadcast;
        this.pipeline = pipeline;
        this.api = api;
        this.shutdown = shutdown;
    }

    /** Opens the store and starts the API. Whatever was started is stopped again if a later part fails. */
    static Service start(Config config, String version, Clock clock) {
        Shutdown shutdown = new Shutdown(Shutdown.BUDGET);
        try {
            SignalStore store = SignalStore.open(new StoreConfig(config.dbPath(), config.maxSignals(), clock));
            shutdown.add(Shutdown.Phase.STORE, "signal store", store);
            // detectors → risk manager → store → live broadcast: only rows new to the store are broadcast, with seq
            SignalBroadcast broadcast = new SignalBroadcast();
            Pipeline pipeline = Pipeline.create(config.detection(), config.risk(), clock,
                    signals -> broadcast.publish(store.storeAll(signals)));
            // No live sources yet: /metrics lists none until pollers report their status here.
            ApiServer api = ApiServer.start(config.httpConfig(version), store, broadcast, List::of, clock);
            shutdown.add(Shutdown.Phase.HTTP, "HTTP API", api);
            shutdown.add(Shutdown.Phase.STREAMS, "live streams", api::closeStreams);
            return new Service(store, broadcast, pipeline, api, shutdown);
        } catch (RuntimeException e) {
            shutdown.run();
            throw e;
        }
    }

    SignalStore store() {
        return store;
    }

    /** Newly stored signals, in seq order, for live subscribers (the stream relies on that order). */
    SignalBroadcast broadcast() {
        return broadcast;
    }

    /** Where pollers hand parsed upstream responses. */
    Pipeline pipeline() {
        return pipeline;
    }

    int port() {
        return api.port();
    }

    /**
     * Stops the service when the JVM is asked to exit (SIGTERM from systemd, SIGINT from Ctrl-C): the JVM runs
     * this hook, then exits 143 (or 130). {@code main} and the shutdown test install exactly this hook.
     */
    void stopOnExit() {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            LOG.info("shutting down");
            close();
        }));
    }

    /** Blocks until {@link #close()} has finished, e.g. run by the shutdown hook. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long start = System.nanoTime();
        List<Shutdown.Outcome> outcomes = shutdown.run();
        LOG.info("stopped in {} ms: {}", (System.nanoTime() - start) / 1_000_000, Shutdown.summary(outcomes));
        stopped.countDown();
    }
}
