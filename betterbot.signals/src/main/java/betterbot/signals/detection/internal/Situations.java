package betterbot.signals.detection.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ongoing conditions (a wide spread, a price deviation) that polls re-detect again and again. A condition seen
 * again within {@code quiet} of its last sighting is the same situation and makes no new signal; one unseen for
 * longer has ended, and its next sighting starts a new situation. Not thread-safe.
 */
final class Situations {
    private static final int CAPACITY = 50_000;

    private final long quietMillis;
    private final LinkedHashMap<String, long[]> seen = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > CAPACITY;
        }
    };

    Situations(Duration quiet) {
        this.quietMillis = quiet.toMillis();
    }

    /** Records a sighting; returns when a new situation starts, or null while the situation is ongoing. */
    Instant observe(String key, Instant now) {
        long t = now.toEpochMilli();
        long[] startAndLast = seen.get(key);
        if (startAndLast != null && Math.abs(t - startAndLast[1]) <= quietMillis) {
            startAndLast[1] = Math.max(startAndLast[1], t);
            return null;
        }
        seen.put(key, new long[] {t, t});
        return now;
    }
}
