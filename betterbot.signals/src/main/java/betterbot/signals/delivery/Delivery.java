package betterbot.signals.delivery;

import betterbot.signals.delivery.internal.DestinationWorker;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push delivery (see docs/delivery.md): one worker per destination, each with its own durable cursor in the
 * {@link Outbox}, its own pace and its own retries, so one slow or broken destination never delays another or the
 * pipeline. Call {@link #wake()} when signals are stored, so that they go out at once; it reads the signals
 * themselves from the outbox.
 */
public final class Delivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    /** No destinations. */
    public static final Delivery NONE = new Delivery(List.of(), null, null);

    private final List<DestinationWorker> workers;
    private final Outbox outbox;
    private final HttpClient http;

    private Delivery(List<DestinationWorker> workers, Outbox outbox, HttpClient http) {
        this.workers = workers;
        this.outbox = outbox;
        this.http = http;
    }

    /** Starts one worker per destination; names must be unique. */
    public static Delivery start(List<Destination> destinations, Outbox outbox, DeliveryConfig config, Clock clock) {
        if (destinations.isEmpty()) {
            return NONE;
        }
        if (destinations.stream().map(Destination::name).distinct().count() != destinations.size()) {
            throw new IllegalArgumentException("destination names must be unique");
        }
        HttpClient http = client(config);
        List<DestinationWorker> workers = new ArrayList<>();
        for (Destination d : destinations) {
            workers.add(new DestinationWorker(d, outbox, http, config, clock));
        }
        workers.forEach(DestinationWorker::start);
        LOG.info("delivering to {}", destinations);
        return new Delivery(List.copyOf(workers), outbox, http);
    }

    private static HttpClient client(DeliveryConfig config) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Sends one test message to a destination, at once and without retries: {@code deliveries test NAME}. */
    public static TestResult test(Destination destination, DeliveryConfig config, Clock clock) {
        try (HttpClient http = client(config)) {
            DestinationWorker.TestAttempt a = new DestinationWorker(destination, null, http, config, clock).sendTest();
            return new TestResult(a.delivered(), a.status(), a.detail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TestResult(false, 0, "interrupted");
        }
    }

    /** Signals were stored: every destination looks now rather than at its next idle check. */
    public void wake() {
        workers.forEach(DestinationWorker::wake);
    }

    public boolean isEmpty() {
        return workers.isEmpty();
    }

    /** Each destination's state, in configuration order. */
    public List<DeliveryStatus> statuses() {
        if (workers.isEmpty()) {
            return List.of();
        }
        long lastSeq;
        try {
            lastSeq = outbox.lastSeq();
        } catch (RuntimeException e) {
            lastSeq = 0;
        }
        List<DeliveryStatus> out = new ArrayList<>(workers.size());
        for (DestinationWorker w : workers) {
            out.add(w.status(lastSeq));
        }
        return out;
    }

    /** Stops every worker after its attempt in flight, within {@code budget}; cursors are already durable. */
    public void stop(Duration budget) {
        workers.forEach(DestinationWorker::stop);
        Instant deadline = Instant.now().plus(budget);
        for (DestinationWorker w : workers) {
            try {
                Duration left = Duration.between(Instant.now(), deadline);
                if (!w.awaitStopped(left.isNegative() ? Duration.ZERO : left)) {
                    LOG.warn("delivery to {} did not stop within {} ms", w.destination().name(), budget.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (http != null) {
            http.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
