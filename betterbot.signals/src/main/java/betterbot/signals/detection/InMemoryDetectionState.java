package betterbot.signals.detection;

import betterbot.signals.Signal;
import betterbot.signals.SignalSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Detection state kept in memory, for the replay and tests: signals go to a sink, and
 * the state is kept only when the sink took them. Thread-safe.
 */
final class InMemoryDetectionState implements DetectionState {
    private final SignalSink sink;
    /** Expired entries are swept at most once a minute of data time: a sweep reads every entry. */
    private static final long SWEEP_MILLIS = 60_000;

    private final Map<Key, Entry> entries = new HashMap<>();
    private long lastSweep = Long.MIN_VALUE;

    InMemoryDetectionState(SignalSink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public synchronized List<Entry> load() {
        return new ArrayList<>(entries.values());
    }

    @Override
    public synchronized void commit(List<Signal> signals, Changes changes) {
        if (!signals.isEmpty()) {
            sink.accept(signals); // throws: nothing below happens
        }
        changes.deletes().forEach(entries::remove);
        changes.upserts().forEach(e -> entries.put(new Key(e.kind(), e.key()), e));
        long now = changes.forgetBeforeMillis();
        if (lastSweep == Long.MIN_VALUE || now - lastSweep >= SWEEP_MILLIS || now < lastSweep) {
            entries.values().removeIf(e -> e.expiresAtMillis() < now);
            lastSweep = now;
        }
    }

    /** Items held now. */
    public synchronized int size() {
        return entries.size();
    }
}
