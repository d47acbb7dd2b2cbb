package betterbot.signals.detection.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * Ongoing conditions (a wide spread, a price deviation) that polls re-detect again and again. A condition seen
 * again within {@code quiet} of its last sighting is the same situation and makes no new signal; one unseen for
 * longer has ended, and its next sighting starts a new situation. Start and last sighting are kept across
 * restarts, so a restart inside a situation (even in a later hour) does not start a new one. Not thread-safe.
 */
final class Situations {
    private static final int CAPACITY = 50_000;
    /**
     * A sighting this close after the last one recorded is not recorded again: the market stream re-judges a set on
     * every change, and each recorded sighting is a detection-state write. The situation's end moves by at most this.
     */
    static final long REFRESH_MILLIS = 1_000;

    private final long quietMillis;
    /** Start and last sighting, epoch millis; arrays are replaced, never changed. */
    private final StateMap<long[]> seen;

    Situations(Duration quiet) {
        this.quietMillis = quiet.toMillis();
        this.seen = new StateMap<>(CAPACITY, new StateMap.Codec<>() {
            @Override
            public String encode(long[] startAndLast) {
                return startAndLast[0] + "," + startAndLast[1];
            }

            @Override
            public long[] decode(String text) {
                int comma = text.indexOf(',');
                return new long[] {Long.parseLong(text.substring(0, comma)), Long.parseLong(text.substring(comma + 1))};
            }

            @Override
            public long expiresAt(long[] startAndLast) {
                return startAndLast[1] + 2 * quietMillis;
            }

            @Override
            public long[] copy(long[] startAndLast) {
                return startAndLast;
            }
        });
    }

    /** Records a sighting; returns when a new situation starts, or null while the situation is ongoing. */
    Instant observe(String key, Instant now) {
        long t = now.toEpochMilli();
        long[] startAndLast = seen.get(key);
        if (startAndLast != null && Math.abs(t - startAndLast[1]) <= quietMillis) {
            if (t - startAndLast[1] >= Math.min(REFRESH_MILLIS, Math.max(1, quietMillis / 10))) {
                seen.put(key, new long[] {startAndLast[0], t});
            }
            return null;
        }
        seen.put(key, new long[] {t, t});
        return now;
    }

    StateMap<long[]> state() {
        return seen;
    }
}
