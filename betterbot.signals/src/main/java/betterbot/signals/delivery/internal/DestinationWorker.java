package betterbot.signals.delivery.internal;

import betterbot.signals.StoredSignal;
import betterbot.signals.delivery.DeliveryConfig;
import betterbot.signals.delivery.DeliveryStatus;
import betterbot.signals.delivery.Destination;
import betterbot.signals.delivery.Outbox;
import betterbot.signals.sources.internal.Backoff;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One destination's delivery, on its own virtual thread (see docs/delivery.md, Guarantees): reads the stored
 * signals above its cursor in seq order, sends each one its filter takes until it is delivered or refused for good,
 * and only then moves its durable cursor. A crash between a send and the cursor's move sends that signal again
 * after the restart (at least once); the signal id lets the receiver drop the repeat. Nothing here waits on
 * another destination, and nothing is held in memory beyond one page of signals.
 */
public final class DestinationWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DestinationWorker.class);
    static final int PAGE = 100;
    /** The longest wait a service's Retry-After is honoured for; a longer one is read as this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final Destination destination;
    private final Outbox outbox;
    private final HttpClient http;
    private final DeliveryConfig config;
    private final Clock clock;
    private final Push push;
    private final RateLimit rate;
    private final Backoff backoff;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    /** Refusals over the destination's life: read with the cursor at start, then counted as they are recorded. */
    private final AtomicLong undeliverable = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile long cursor = -1;
    private volatile int consecutiveFailures;
    private volatile Instant lastDeliveredAt;
    private volatile String lastError;
    /** The detection time of the signal being delivered; null when caught up. */
    private volatile Instant waitingSince;
    private Thread thread;

    public DestinationWorker(Destination destination, Outbox outbox, HttpClient http, DeliveryConfig config,
                             Clock clock) {
        this.destination = destination;
        this.outbox = outbox;
        this.http = http;
        this.config = config;
        this.clock = clock;
        this.push = new Push(destination, config.timeout(), clock);
        this.rate = RateLimit.of(destination);
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
    }

    public void start() {
        thread = Thread.ofVirtual().name("delivery-" + destination.name()).start(this::run);
    }

    /** New signals were stored: look now rather than at the next idle check. */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    public Destination destination() {
        return destination;
    }

    private void run() {
        try {
            cursor = startingCursor();
            started = true;
            while (running) {
                List<StoredSignal> page = readPage();
                if (page == null) {
                    continue;
                }
                if (page.isEmpty()) {
                    waitingSince = null;
                    wake.tryAcquire(config.idleCheck().toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                if (!deliverPage(page)) {
                    return;
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
        }
    }

    /**
     * The stored cursor; a destination seen for the first time starts at the newest signal stored, so that adding
     * one does not replay the history (see docs/delivery.md, A new destination).
     */
    private long startingCursor() throws InterruptedException {
        for (int failure = 1; ; failure++) {
            try {
                OptionalLong stored = outbox.cursor(destination.name());
                undeliverable.set(outbox.undeliverableCount(destination.name()));
                if (stored.isPresent()) {
                    return stored.getAsLong();
                }
                long last = outbox.lastSeq();
                outbox.advance(destination.name(), last);
                LOG.info("delivery to {} starts after seq {} (the newest stored signal)", destination, last);
                return last;
            } catch (RuntimeException e) {
                storeTrouble("read the cursor of", e, failure);
            }
        }
    }

    private List<StoredSignal> readPage() throws InterruptedException {
        try {
            return outbox.after(cursor, PAGE);
        } catch (RuntimeException e) {
            storeTrouble("read signals for", e, 1);
            return null;
        }
    }

    /** Sends a page in order; false when stopped part way (the cursor then stays at the last signal done). */
    private boolean deliverPage(List<StoredSignal> page) throws InterruptedException {
        long first = page.get(0).seq();
        if (first > cursor + 1) { // seqs are never reused and only retention deletes: the gap expired unsent
            long gone = first - cursor - 1;
            expired.addAndGet(gone);
            LOG.warn("delivery to {}: {} signals after seq {} were deleted by retention before delivery",
                    destination.name(), gone, cursor);
        }
        long done = cursor;
        boolean persisted = true;
        for (StoredSignal s : page) {
            if (!running) {
                break;
            }
            if (!destination.filter().matches(s)) {
                done = s.seq();
                persisted = false;
                continue;
            }
            waitingSince = s.detectedAt();
            Attempt outcome = deliver(s);
            if (outcome == null) {
                break; // stopping: this one is sent again after the restart
            }
            if (outcome.outcome() == Attempt.Outcome.REFUSED) {
                LOG.warn("delivery to {}: signal {} (seq {}) refused for good: {}", destination.name(), s.id(),
                        s.seq(), outcome.detail());
                persist(() -> outbox.undeliverable(destination.name(), s, outcome.detail()));
                undeliverable.incrementAndGet();
            } else {
                persist(() -> outbox.advance(destination.name(), s.seq()));
            }
            done = s.seq();
            cursor = done;
            persisted = true;
        }
        if (!persisted) {
            long at = done;
            persist(() -> outbox.advance(destination.name(), at));
        }
        cursor = done;
        return running;
    }

    /** Sends until delivered or refused for good; null when stopped before either. */
    private Attempt deliver(StoredSignal s) throws InterruptedException {
        while (running) {
            rate.acquire();
            Attempt a = send(push.forSignal(s));
            switch (a.outcome()) {
                case DELIVERED -> {
                    delivered.incrementAndGet();
                    consecutiveFailures = 0;
                    lastDeliveredAt = clock.instant();
                    return a;
                }
                case REFUSED -> {
                    consecutiveFailures++;
                    lastError = a.detail();
                    return a;
                }
                case RETRY -> {
                    failures.incrementAndGet();
                    int n = ++consecutiveFailures;
                    lastError = a.detail();
                    Duration wait = a.retryAfter() != null ? min(a.retryAfter(), MAX_RETRY_AFTER)
                            : backoff.delay(n, ThreadLocalRandom.current());
                    LOG.debug("delivery to {}: {}; retrying in {} ms", destination.name(), a.detail(), wait.toMillis());
                    Thread.sleep(wait);
                }
            }
        }
        return null;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One attempt, never throwing. */
    Attempt send(HttpRequest request) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return push.read(r.statusCode(), r.headers(), r.body());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return push.failed(e);
        }
    }

    /** A cursor write is retried until it lands (or the worker stops): it is what makes a restart resume. */
    private void persist(Runnable write) throws InterruptedException {
        for (int failure = 1; ; failure++) {
            try {
                write.run();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                storeTrouble("move the cursor of", e, failure);
            }
        }
    }

    private void storeTrouble(String what, RuntimeException e, int failure) throws InterruptedException {
        lastError = "store: " + e.getMessage();
        LOG.warn("delivery cannot {} {}: {}", what, destination.name(), e.getMessage());
        Thread.sleep(backoff.delay(failure, ThreadLocalRandom.current()));
    }

    public DeliveryStatus status(long lastSeq) {
        long c = Math.max(cursor, 0);
        Instant waiting = waitingSince;
        long lagSeconds = waiting == null ? 0 : Math.max(0, Duration.between(waiting, clock.instant()).toSeconds());
        DeliveryStatus.State state = !running || !started ? DeliveryStatus.State.STOPPED
                : consecutiveFailures >= config.failingAfter() ? DeliveryStatus.State.FAILING
                : DeliveryStatus.State.OK;
        return new DeliveryStatus(destination.name(), destination.kind(), destination.shownUrl(), state, c,
                Math.max(0, lastSeq - c), lagSeconds, delivered.get(), failures.get(), undeliverable.get(),
                expired.get(), consecutiveFailures, lastDeliveredAt, lastError);
    }

    /** Stops after the attempt in flight; its signal is sent again after a restart unless it was delivered. */
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    public boolean awaitStopped(Duration budget) throws InterruptedException {
        return thread == null || thread.join(budget);
    }

    /** One test message, sent at once, not retried. */
    public TestAttempt sendTest() throws InterruptedException {
        Attempt a = send(push.forTest(clock.instant()));
        return new TestAttempt(a.outcome() == Attempt.Outcome.DELIVERED, a.status(), a.detail());
    }

    /** What one test message got. */
    public record TestAttempt(boolean delivered, int status, String detail) {
    }
}
