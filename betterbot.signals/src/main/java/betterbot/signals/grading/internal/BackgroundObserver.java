package betterbot.signals.grading.internal;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;

/**
 * Runs the grading loop's share of each delivery (indexing new entries, keeping price observations, grading what fell
 * due) on a thread of its own ({@code grading}), in the order the deliveries came, so that the thread that found a
 * signal goes back to its source as soon as the signal is stored: on the market stream that bookkeeping write was a
 * third of the time from a frame to the next (docs/internals.md, The market stream). Nothing is dropped: when
 * {@link #CAPACITY} deliveries wait, the caller does its own, as it did before. A platform thread, so that the
 * store runs its writes on it rather than handing each to the store's own thread.
 */
public final class BackgroundObserver implements Executor, AutoCloseable {
    static final int CAPACITY = 1024;
    private static final Runnable STOP = () -> { };

    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread thread;
    private volatile boolean accepting = true;

    public BackgroundObserver() {
        thread = Thread.ofPlatform().name("grading").daemon(true).start(this::loop);
    }

    @Override
    public void execute(Runnable work) {
        if (!accepting || !queue.offer(work)) {
            work.run(); // full (or closing): the caller waits, as when observing was synchronous
        }
    }

    private void loop() {
        while (true) {
            Runnable work;
            try {
                work = queue.take();
            } catch (InterruptedException e) {
                continue; // only STOP ends it, so nothing queued is left undone
            }
            if (work == STOP) {
                return;
            }
            work.run(); // ObservingFeed's work catches what it throws
        }
    }

    /** Runs what is queued, then stops; what comes later runs on its caller. */
    @Override
    public void close() {
        if (!accepting) {
            return;
        }
        accepting = false;
        try {
            queue.put(STOP);
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
