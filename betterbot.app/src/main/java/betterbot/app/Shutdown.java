package betterbot.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one ordered stop of the service. Inputs stop first so that nothing new arrives, then the outputs, and
 * the database last, after every writer is gone: pollers, HTTP (which ends its live streams first, so that the
 * server's stop does not wait on them), then the store (which drains
 * its queued writes, commits, runs {@code PRAGMA optimize}, checkpoints the WAL and closes).
 *
 * <p>Each step runs on its own thread with its own error handling: a failing step is logged and the next
 * one runs; a step still running when the budget is spent is left behind (SQLite in WAL mode loses no
 * committed write if the process then exits) so the process always ends well before systemd's
 * {@code TimeoutStopSec} turns the stop into a SIGKILL.
 */
final class Shutdown {
    private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

    /** Whole stop, well under the 10 s the service promises and the unit's TimeoutStopSec=20. */
    static final Duration BUDGET = Duration.ofSeconds(8);
    /** A step whose turn comes after the budget is spent still gets this long (the store must get a chance). */
    static final Duration LATE_STEP_GRACE = Duration.ofMillis(500);

    /** Stop order, first to last. */
    enum Phase {
        /** Upstream pollers: nothing new enters the pipeline. */
        POLLERS,
        /** The HTTP API: ends the live (SSE) streams, stops accepting, lets requests in flight finish. */
        HTTP,
        /** The signal store: drain pending writes, optimize, checkpoint, close. */
        STORE
    }

    private record Step(Phase phase, int added, String name, AutoCloseable action) {
    }

    /** How one step ended, for the summary line and for tests. */
    record Outcome(String name, long millis, String result) {
    }

    private final Duration budget;
    private final List<Step> steps = new ArrayList<>();

    Shutdown(Duration budget) {
        this.budget = budget;
    }

    /** Registers something to stop in its phase; within a phase the last added stops first. */
    synchronized void add(Phase phase, String name, AutoCloseable action) {
        steps.add(new Step(phase, steps.size(), name, action));
    }

    /** Runs every registered step once, in order, and returns how each ended. Later calls do nothing. */
    synchronized List<Outcome> run() {
        List<Step> order = new ArrayList<>(steps);
        steps.clear();
        order.sort(Comparator.comparing(Step::phase).thenComparing(Step::added, Comparator.reverseOrder()));
        long deadline = System.nanoTime() + budget.toNanos();
        List<Outcome> outcomes = new ArrayList<>(order.size());
        for (Step step : order) {
            long wait = Math.max(deadline - System.nanoTime(), LATE_STEP_GRACE.toNanos());
            outcomes.add(stop(step, wait));
        }
        return outcomes;
    }

    private static Outcome stop(Step step, long waitNanos) {
        long start = System.nanoTime();
        String[] failure = {null};
        Thread worker = Thread.ofPlatform().name("stop-" + step.name().replace(' ', '-')).daemon(true).start(() -> {
            try {
                step.action().close();
            } catch (Exception | Error e) {
                failure[0] = e.toString();
            }
        });
        boolean finished;
        try {
            finished = worker.join(Duration.ofNanos(waitNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String result;
        if (!finished) {
            result = "still running, left behind";
            LOG.warn("stopping {} did not finish within {} ms; going on without it", step.name(), millis);
        } else if (failure[0] != null) {
            result = "failed: " + failure[0];
            LOG.warn("stopping {} failed: {}", step.name(), failure[0]);
        } else {
            result = "ok";
            LOG.debug("stopped {} in {} ms", step.name(), millis);
        }
        return new Outcome(step.name(), millis, result);
    }

    /** One line for the log: every step with its time, in the order they ran. */
    static String summary(List<Outcome> outcomes) {
        StringJoiner line = new StringJoiner(", ");
        for (Outcome o : outcomes) {
            line.add(o.name() + " " + o.millis() + " ms" + ("ok".equals(o.result()) ? "" : " (" + o.result() + ")"));
        }
        return line.toString();
    }
}
