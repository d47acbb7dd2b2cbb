package betterbot.signals.detection.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One signal per key (wallet, market and outcome) within a cooldown, measured on the trades' own timestamps so
 * that a replay and the live service agree, and late pages do not reopen it. Not thread-safe.
 */
final class Cooldown {
    private static final int CAPACITY = 100_000;

    private final long cooldownMillis;
    private final LinkedHashMap<String, Instant> last = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > CAPACITY;
        }
    };

    Cooldown(Duration cooldown) {
        this.cooldownMillis = cooldown.toMillis();
    }

    /** True, and the key's cooldown restarts at {@code time}, unless the key fired less than a cooldown away. */
    boolean tryAcquire(String key, Instant time) {
        Instant previous = last.get(key);
        if (previous != null && Math.abs(time.toEpochMilli() - previous.toEpochMilli()) < cooldownMillis) {
            return false;
        }
        last.put(key, time);
        return true;
    }
}
