package betterbot.signals.grading;

import betterbot.signals.grading.internal.BackgroundObserver;
import betterbot.signals.grading.internal.GradingLoop;
import betterbot.signals.grading.internal.ObservingFeed;
import betterbot.signals.market.Market;
import betterbot.signals.sources.MarketFeed;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The grading loop: grades every stored gradable signal at its horizons and at settlement from what the service
 * observes, and keeps the calibrated win probabilities current (see docs/grading.md, The grading loop).
 *
 * <p>Created first, from the grade book, so that its {@link #winProbabilities()} can be given to the pipeline
 * before the pipeline is wrapped:
 * <pre>{@code
 * Grading grading = Grading.start(book, config, clock);
 * Pipeline pipeline = Pipeline.create(detection, risk, grading.winProbabilities(), clock, state);
 * Sources sources = Sources.create(sourcesConfig, grading.observing(pipeline), ledger, clock, grading);
 * }</pre>
 */
public final class Grading implements AutoCloseable {
    private final GradingLoop loop;
    private BackgroundObserver background;
    private final GradingConfig config;
    private final WinProbabilities probabilities;
    private volatile Thread catchUp;

    private Grading(GradingLoop loop, GradingConfig config) {
        this.loop = loop;
        this.config = config;
        // reads the latest snapshot on every call: the loop swaps it after a round that recorded settlements
        this.probabilities = (tier, confidence, price) -> loop.probabilities().estimate(tier, confidence, price);
    }

    /**
     * Resumes the entries the book still has pending (in pages), builds the calibrated probabilities from its
     * settled grades, and grades what fell due while the service was down, at the clock's time.
     */
    public static Grading start(GradeBook book, GradingConfig config, Clock clock) {
        Grading grading = resumed(book, config);
        grading.loop.afterSignals(List.of(), clock.instant());
        return grading;
    }

    /** The loop over the entries the book still has pending, before anything due is graded. */
    private static Grading resumed(GradeBook book, GradingConfig config) {
        GradingLoop loop = new GradingLoop(book, config);
        loop.resume();
        return new Grading(loop, config);
    }

    /**
     * Like {@link #start}, but grades what fell due while the service was down on a virtual thread of its own
     * ({@code grading-catch-up}) and returns at once: with thousands of entries due, each looked up in the price
     * observations, that first round took a second of the service's start (docs/grading.md, The grading loop).
     * Deliveries observed meanwhile wait for it (the loop is serialized); the probabilities are those of the
     * settled grades already stored until it ends.
     */
    public static Grading startCatchingUpInBackground(GradeBook book, GradingConfig config, Clock clock) {
        Grading grading = resumed(book, config);
        GradingLoop loop = grading.loop;
        grading.catchUp = Thread.ofVirtual().name("grading-catch-up").start(() -> {
            try {
                loop.afterSignals(List.of(), clock.instant());
            } catch (RuntimeException e) {
                loop.failed("grading what fell due while the service was down", e);
            }
        });
        return grading;
    }

    /** Waits until the background catch-up of {@link #startCatchingUpInBackground} ended (at once otherwise). */
    public void awaitCatchUp(java.time.Duration timeout) throws InterruptedException {
        Thread t = catchUp;
        if (t != null) {
            t.join(timeout);
        }
    }

    /**
     * {@code pipeline} with the loop watching its deliveries; its answers are passed on unchanged. The loop's share
     * of a delivery runs on the caller's thread before it returns.
     */
    public MarketFeed observing(MarketFeed pipeline) {
        return new ObservingFeed(pipeline, loop, Runnable::run);
    }

    /**
     * Like {@link #observing}, but the loop's share of each delivery runs after it returns, in order, on the
     * {@code grading} thread (when 1,024 deliveries wait, on the caller's): the source goes on as soon as its signals
     * are stored. {@link #close()} runs what waits, then stops that thread.
     */
    public synchronized MarketFeed observingInBackground(MarketFeed pipeline) {
        if (background == null) {
            background = new BackgroundObserver();
        }
        return new ObservingFeed(pipeline, loop, background);
    }

    /** Runs the deliveries waiting for {@link #observingInBackground}'s thread and stops it; idempotent. */
    @Override
    public synchronized void close() {
        if (background != null) {
            background.close();
        }
    }

    /** Calibrated from the settled grades, current after each settlement; safe from any thread. */
    public WinProbabilities winProbabilities() {
        return probabilities;
    }

    /**
     * Markets fetched for grading only (by id, see {@link #targets}): their resolutions settle entries and their
     * prices are observed like the polled markets'; they never reach the detectors.
     */
    public void observeMarkets(List<Market> markets, Instant capturedAt) {
        try {
            loop.afterMarkets(List.of(), markets, capturedAt);
        } catch (RuntimeException e) {
            loop.failed("observing targeted markets", e);
        }
    }

    /** What to ask Gamma for by id now: unsettled entries' markets and tokens without a recent price. */
    public GradingTargets targets(Instant now) {
        return loop.targets(now);
    }

    /** Horizon grades past their tolerance without an observation, whose price history was not asked for yet. */
    public List<HistoryGap> historyGaps(Instant now) {
        return loop.historyGaps(now);
    }

    /**
     * Grades a gap from price-history points, each one token's price at one moment; a gap is tried once per
     * process whatever its points (an empty history is normal for a closed market).
     */
    public void fillHistory(HistoryGap gap, List<PriceObservation> points, Instant now) {
        try {
            loop.fillHistory(gap, points, now);
        } catch (RuntimeException e) {
            loop.failed("filling " + gap.signalId() + " from the price history", e);
        }
    }

    /** Counts items the caller skipped as malformed (a history point, a market row). */
    public void skipped(int count) {
        loop.skipped(count);
    }

    public GradingConfig config() {
        return config;
    }

    public GradingStats stats() {
        return loop.stats();
    }
}
