package betterbot.http.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Admission of work that holds a large answer in memory (a listing page of up to 1,000 signals, a stream's
 * replay): at most {@code HTTP_MAX_HEAVY_REQUESTS} at once, so the heap needed under any load is known. One
 * more waits briefly for a slot, then is refused with 503 and {@code Retry-After}.
 */
final class HeavyWork {
    static final int RETRY_AFTER_SECONDS = 1;

    private final Semaphore slots;
    private final int max;
    private final Duration wait;
    private final LongAdder refused = new LongAdder();

    HeavyWork(int max, Duration wait) {
        this.max = max;
        this.slots = new Semaphore(max, true);
        this.wait = wait;
    }

    /** A held slot; closing it frees it. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** A slot, or a 503 with {@code Retry-After} when none frees up in time. */
    Slot admit() {
        boolean got;
        try {
            got = slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            refused.increment();
            throw ApiError.busy("too many large requests at once (" + max + "); try again in "
                    + RETRY_AFTER_SECONDS + " s", RETRY_AFTER_SECONDS);
        }
        boolean[] released = {false};
        return () -> {
            if (!released[0]) {
                released[0] = true;
                slots.release();
            }
        };
    }

    int inProgress() {
        return max - slots.availablePermits();
    }

    long refused() {
        return refused.sum();
    }
}
