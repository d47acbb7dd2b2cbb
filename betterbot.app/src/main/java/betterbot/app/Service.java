package betterbot.app;

import betterbot.http.ApiServer;
import betterbot.signals.SignalBroadcast;
import betterbot.signals.SourceStatus;
import betterbot.signals.delivery.Delivery;
import betterbot.signals.delivery.DeliveryConfig;
import betterbot.signals.delivery.DeliveryStatus;
import betterbot.signals.delivery.Destination;
import betterbot.signals.sources.Recorder;
import betterbot.signals.sources.RecorderStats;
import betterbot.signals.sources.Sources;
import betterbot.signals.detection.Pipeline;
import betterbot.signals.grading.Grading;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
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
    private final Sources sources;
    private final Recorder recorder;
    private final Delivery delivery;
    private final Shutdown shutdown;
    private final CountDownLatch stopped;

    private Service(SignalStore store, SignalBroadcast broadcast, Pipeline pipeline, ApiServer api, Sources sources,
                    Recorder recorder, Delivery delivery, Shutdown shutdown, CountDownLatch stopped) {
        this.delivery = delivery;
        this.store = store;
        this.broadcast = broadcast;
        this.pipeline = pipeline;
        this.api = api;
        this.sources = sources;
        this.recorder = recorder;
        this.shutdown = shutdown;
        this.stopped = stopped;
    }

    /** Opens the store and starts the API and the sources. Whatever was started is stopped again if a later part fails. */
    static Service start(Config config, String version, Clock clock) {
        return start(config, version, clock, false);
    }

    /**
     * Starts the service as {@code serve} runs it: the JVM shutdown hook (SIGTERM from systemd, SIGINT from
     * Ctrl-C; the JVM then exits 143 or 130) is installed before anything starts, so a signal at any moment
     * runs the ordered stop of whatever has started. {@code main} and the shutdown test use exactly this.
     */
    static Service startStoppingOnExit(Config config, String version, Clock clock) {
        return start(config, version, clock, true);
    }

    /** For tests: a store that gives up on another process's lock after {@code busyTimeout}. */
    static Service start(Config config, String version, Clock clock, Duration busyTimeout) {
        return start(config, version, clock, false, busyTimeout);
    }

    private static Service start(Config config, String version, Clock clock, boolean stopOnExit) {
        return start(config, version, clock, stopOnExit, StoreConfig.DEFAULT_BUSY_TIMEOUT);
    }

    private static Service start(Config config, String version, Clock clock, boolean stopOnExit,
                                 Duration busyTimeout) {
        Shutdown shutdown = new Shutdown(Shutdown.BUDGET);
        CountDownLatch stopped = new CountDownLatch(1);
        if (stopOnExit) {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
                LOG.info("shutting down");
                stop(shutdown, stopped);
            }));
        }
        try {
            SignalStore store = SignalStore.open(new StoreConfig(config.dbPath(), config.maxSignals(), clock)
                    .withBusyTimeout(busyTimeout).withGradeHorizons(config.grading().horizons()));
            shutdown.add(Shutdown.Phase.STORE, "signal store", store);
            // detectors → risk manager → store → live broadcast: only rows new to the store are broadcast, with seq
            SignalBroadcast broadcast = new SignalBroadcast();
            // the detectors' state (cooldowns, ongoing situations, forming clusters) lives in the same database and
            // commits with the signals it goes with, so a restart neither repeats nor loses a signal
            // the grader is created first, from the grades stored: the risk manager sizes on its probabilities, and
            // it then watches what the pipeline is fed (see docs/grading.md, The grading loop)
            // what fell due while the service was down is graded in the background: /health answers meanwhile
            Grading grading = Grading.startCatchingUpInBackground(store.gradeBook(), config.grading(), clock);
            Pipeline pipeline = Pipeline.create(config.detection(), config.risk(), grading.winProbabilities(), clock,
                    store.detectionState(broadcast));
            // push delivery reads the store by each destination's durable cursor; the broadcast only wakes it, so a
            // slow destination holds nothing in memory and never slows the pipeline (see docs/delivery.md)
            Delivery delivery = delivery(config, store, clock);
            if (!delivery.isEmpty()) {
                broadcast.subscribe(stored -> delivery.wake());
                shutdown.add(Shutdown.Phase.POLLERS, "delivery", delivery);
            }
            // registered before the sources, so that it stops after them and completes its file with their last
            Recorder recorder = recorder(config, clock);
            if (recorder != Recorder.OFF) {
                shutdown.add(Shutdown.Phase.POLLERS, "recorder", recorder);
            }
            // created before the API, which reports their health, and started after it
            // the grading loop's share of each delivery runs on its own thread once the signals are stored; registered
            // before the sources, so that it stops after them and runs what they delivered last
            shutdown.add(Shutdown.Phase.POLLERS, "grading", grading);
            Sources sources = config.sourcesEnabled()
                    ? Sources.create(config.sources(), grading.observingInBackground(pipeline), store.sourceLedger(),
                    clock, recorder, grading) : null;
            if (sources != null) {
                shutdown.add(Shutdown.Phase.POLLERS, "sources", sources);
            }
            Supplier<List<SourceStatus>> statuses = sources == null ? List::of : sources::statuses;
            ApiServer api = ApiServer.start(config.httpConfig(version), store, broadcast, statuses,
                    delivery::statuses, clock);
            shutdown.add(Shutdown.Phase.HTTP, "HTTP API", api); // its close ends the live streams first
            // last to start, first to stop: nothing is fetched that could not be stored
            if (sources != null) {
                sources.start();
            }
            return new Service(store, broadcast, pipeline, api, sources, recorder, delivery, shutdown, stopped);
        } catch (RuntimeException e) {
            stop(shutdown, stopped);
            throw e;
        }
    }

    /**
     * The recorder of {@code RECORD_DIR} (see docs/operations.md, Recording); {@link Recorder#OFF} when not recording
     * or without sources. A directory that cannot be created or written in stops start-up, naming the variable.
     */
    private static Recorder recorder(Config config, Clock clock) {
        if (!config.sourcesEnabled() || config.record() == null) {
            return Recorder.OFF;
        }
        try {
            return Recorder.daily(config.record(), clock);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(Settings.RECORD_DIR.name() + " cannot be used: " + e.getMessage()));
        }
    }

    /** Starts a worker per configured destination; warns of a destination reached in the clear. */
    private static Delivery delivery(Config config, SignalStore store, Clock clock) {
        for (Destination d : config.destinations()) {
            String warning = DestinationsReading.insecure(d);
            if (warning != null) {
                LOG.warn(warning);
            }
        }
        return Delivery.start(config.destinations(), store.outbox(), DeliveryConfig.DEFAULTS, clock);
    }

    /** Each push destination's state; empty when none is configured. */
    List<DeliveryStatus> deliveryStatuses() {
        return delivery.statuses();
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

    /** How each upstream source is doing; empty when polling is off. */
    List<SourceStatus> sourceStatuses() {
        return sources == null ? List.of() : sources.statuses();
    }

    /** What the recorder has recorded, dropped and deleted; all zero when not recording. */
    RecorderStats recorderStats() {
        return recorder.stats();
    }

    int port() {
        return api.port();
    }

    /** Blocks until {@link #close()} has finished, e.g. run by the shutdown hook. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        stop(shutdown, stopped);
    }

    /** The ordered stop, once: by close(), the shutdown hook or a failed start, whichever comes first. */
    private static void stop(Shutdown shutdown, CountDownLatch stopped) {
        synchronized (shutdown) {
            if (stopped.getCount() == 0) {
                return;
            }
            long start = System.nanoTime();
            List<Shutdown.Outcome> outcomes = shutdown.run();
            LOG.info("stopped in {} ms: {}", (System.nanoTime() - start) / 1_000_000, Shutdown.summary(outcomes));
            stopped.countDown();
        }
    }
}
