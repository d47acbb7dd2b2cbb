package betterbot.signals.detection.internal;

import betterbot.signals.detection.DetectionState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One part of a detector's state, changed transactionally: changes made during a pipeline call stay pending
 * (reads see them) until the call's signals are stored, then they are committed, or discarded if the store
 * failed. Committed items are kept oldest-change first; at each commit, items past their expiry are dropped from
 * the old end and the map never holds more than {@code capacity} (the oldest go first). Not thread-safe (the
 * pipeline serializes calls).
 */
public final class StateMap<V> {
    /** How items are written to and read from the detection state, and when they stop mattering. */
    interface Codec<V> {
        String encode(V value);

        V decode(String text);

        /** Data time after which the item no longer matters. */
        long expiresAt(V value);

        /** A copy that can be changed without changing {@code value} (identity for immutable values). */
        V copy(V value);
    }

    private final int capacity;
    private final Codec<V> codec;
    private final LinkedHashMap<String, V> committed = new LinkedHashMap<>(256);
    /** Changed in the open call; a null value is a removal. */
    private final Map<String, V> pending = new HashMap<>();

    StateMap(int capacity, Codec<V> codec) {
        this.capacity = capacity;
        this.codec = codec;
    }

    V get(String key) {
        if (pending.containsKey(key)) {
            return pending.get(key);
        }
        return committed.get(key);
    }

    /** The item to change in place (a pending copy), created when absent. */
    V edit(String key, Supplier<V> create) {
        V v = pending.get(key);
        if (v != null) {
            return v;
        }
        V current = pending.containsKey(key) ? null : committed.get(key);
        v = current == null ? create.get() : codec.copy(current);
        pending.put(key, v);
        return v;
    }

    void put(String key, V value) {
        pending.put(key, value);
    }

    void remove(String key) {
        pending.put(key, null);
    }

    /** The keys held, pending changes included. */
    Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>(committed.keySet());
        pending.forEach((k, v) -> {
            if (v == null) {
                keys.remove(k);
            } else {
                keys.add(k);
            }
        });
        return keys;
    }

    /** True when the open call changed something. */
    public boolean changed() {
        return !pending.isEmpty();
    }

    /** Adds the open call's changes, as the detection state stores them. */
    public void collect(String kind, List<DetectionState.Entry> upserts, List<DetectionState.Key> deletes) {
        pending.forEach((k, v) -> {
            if (v == null) {
                deletes.add(new DetectionState.Key(kind, k));
            } else {
                upserts.add(new DetectionState.Entry(kind, k, codec.encode(v), codec.expiresAt(v)));
            }
        });
    }

    /** Makes the open call's changes the state, then forgets what expired before {@code nowMillis}. */
    public void commit(long nowMillis) {
        pending.forEach((k, v) -> {
            committed.remove(k); // re-inserted at the young end: the map stays in order of last change
            if (v != null) {
                committed.put(k, v);
            }
        });
        pending.clear();
        for (Iterator<V> it = committed.values().iterator(); it.hasNext(); ) {
            V v = it.next();
            if (committed.size() <= capacity && codec.expiresAt(v) >= nowMillis) {
                break;
            }
            it.remove();
        }
    }

    /** Discards the open call's changes. */
    public void rollback() {
        pending.clear();
    }

    /** Takes an item remembered from before a restart; one that cannot be read is skipped. */
    public boolean restore(String key, String value) {
        try {
            committed.put(key, codec.decode(value));
            return true;
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** Items held (committed). */
    public int size() {
        return committed.size();
    }

    /** For tests: the committed keys, oldest change first. */
    List<String> committedKeys() {
        return new ArrayList<>(committed.keySet());
    }
}
