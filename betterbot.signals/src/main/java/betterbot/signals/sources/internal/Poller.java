package betterbot.signals.sources.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one source's poll on its own virtual thread: on success it waits the interval with jitter; on a
 * throttle it waits what the server asked (Retry-After) or the backoff; on a failure it backs off
 * exponentially with jitter, so a source with no network neither spins nor floods the log. A poll that
 * throws is a failure like any other, and the loop itself restarts if it ever dies.
 */
final class Poller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    /** One poll of a source: fetch, parse, hand to the pipeline. */
    @FunctionalInterface
    interface Poll {
        /** Polls once; a request whose answer ends the poll throws {@link PollStop} with the outcome. */
        Outcome poll() throws PollStop, InterruptedException;

        /** Polls once and answers how it went, a stopped poll included. */
        default Outcome run() throws InterruptedException {
            try {
                return poll();
            } catch (PollStop stop) {
                return stop.outcome();
            }
        }
    }

    /** How a poll went. */
    sealed interface Outcome {
        record Polled(int items) implements Outcome {
        }

        /**
         * Some requests of the poll failed (an event, a books batch, a wallet) and cost only themselves: what the
         * others fetched was delivered. The source is degraded, not down, and keeps its interval.
         */
        record Partial(int items, int failedRequests, String message) implements Outcome {
        }

        record Throttled(Duration retryAfter, String message) implements Outcome {
        }

        record Failed(String message) implements Outcome {
        }

        /** Nothing to poll until another source delivers; already recorded, wait one interval. */
        record Waiting() implements Outcome {
        }

        /** Nothing to poll now (e.g. a monthly credit limit): wait this long without counting a failure. */
        record Paused(Duration duration, String reason) implements Outcome {
        }
    }

    /** Sleeps; tests replace it. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final String name;
    private final Duration interval;
    private final double jitter;
    private final Backoff backoff;
    private final Poll poll;
    private final SourceHealth health;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private volatile boolean running;
    private volatile Thread thread;

    Poller(String name, Duration interval, double jitter, Backoff backoff, Poll poll, SourceHealth health,
           Sleeper sleeper, RandomGenerator random) {
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be within [0, 1)");
        }
        this.name = name;
        this.interval = interval;
        this.jitter = jitter;
        this.backoff = backoff;
        this.poll = poll;
        this.health = health;
        this.sleeper = sleeper;
        this.random = random;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofVirtual().name("poller-" + name).start(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                Duration wait = pollOnce();
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (Throwable t) { // a bug in the loop itself: log, pause, go on
                LOG.error("poller {} failed; restarting it", name, t);
                try {
                    sleeper.sleep(backoff.max());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Runs one poll, records it and returns how long to wait before the next. */
    Duration pollOnce() {
        Outcome outcome;
        try {
            outcome = poll.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Duration.ZERO;
        } catch (Exception e) {
            LOG.debug("poll {} threw", name, e);
            outcome = new Outcome.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return switch (outcome) {
            case Outcome.Polled p -> {
                health.recordSuccess(p.items());
                yield withJitter(interval);
            }
            case Outcome.Partial p -> {
                health.recordPartial(p.items(), p.failedRequests(), p.message());
                yield withJitter(interval);
            }
            case Outcome.Throttled t -> {
                health.recordFailure(t.message());
                Duration backed = backoff.delay(health.consecutiveFailures(), random);
                yield t.retryAfter() != null && t.retryAfter().compareTo(backed) > 0 ? t.retryAfter() : backed;
            }
            case Outcome.Failed f -> {
                health.recordFailure(f.message());
                LOG.debug("poll {} failed: {}", name, f.message());
                yield backoff.delay(health.consecutiveFailures(), random);
            }
            case Outcome.Waiting w -> withJitter(interval);
            case Outcome.Paused p -> {
                LOG.info("source {} paused for {}: {}", name, p.duration(), p.reason());
                yield p.duration();
            }
        };
    }

    private Duration withJitter(Duration d) {
        if (jitter == 0) {
            return d;
        }
        double factor = 1 - jitter + random.nextDouble() * 2 * jitter;
        return Duration.ofMillis(Math.round(d.toMillis() * factor));
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
