package betterbot.signals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-process fan-out of newly stored signals, in seq order, to subscribers such as live-stream clients.
 * Listeners are called on the publishing thread and must not block: a slow consumer queues (bounded) and
 * drops itself, it never slows the pipeline. A listener that throws is logged and kept. It is the consumer the
 * store hands newly stored signals to.
 */
public final class SignalBroadcast implements Consumer<List<StoredSignal>> {
    private static final Logger LOG = LoggerFactory.getLogger(SignalBroadcast.class);

    private final List<Consumer<StoredSignal>> listeners = new CopyOnWriteArrayList<>();

    /** Subscribes; closing the returned handle unsubscribes. */
    public Subscription subscribe(Consumer<StoredSignal> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Hands each signal, in order, to every subscriber. */
    public synchronized void publish(List<StoredSignal> signals) {
        for (StoredSignal signal : signals) {
            for (Consumer<StoredSignal> listener : listeners) {
                try {
                    listener.accept(signal);
                } catch (RuntimeException e) {
                    LOG.warn("broadcast listener failed on {}: {}", signal.id(), e.toString());
                }
            }
        }
    }

    /** Same as {@link #publish}: the store calls this with each commit's new rows. */
    @Override
    public void accept(List<StoredSignal> signals) {
        publish(signals);
    }

    public int subscriberCount() {
        return listeners.size();
    }

    /** A subscription; close it to stop receiving. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
