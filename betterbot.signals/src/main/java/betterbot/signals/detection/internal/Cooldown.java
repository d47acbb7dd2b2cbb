package betterbot.signals.detection.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * One signal per key (wallet, market and outcome) within a cooldown, measured on the trades' own timestamps so
 * that a replay and the live service agree, and late pages do not reopen it. Its state is kept across restarts
 * (a key that fired stays cooling down) and forgets keys two cooldowns after they fired. Not thread-safe.
 */
final class Cooldown {
    private static final int CAPACITY = 100_000;

    private final long cooldownMillis;
    private final StateMap<Long> last;

    Cooldown(Duration cooldown) {
        this.cooldownMillis = cooldown.toMillis();
        this.last = new StateMap<>(CAPACITY, new StateMap.Codec<>() {
            @Override
            public String encode(Long firedAt) {
                return Long.toString(firedAt);
            }

            @Override
            public Long decode(String text) {
                return Long.parseLong(text);
            }

            @Override
            public long expiresAt(Long firedAt) {
                return firedAt + 2 * cooldownMillis;
            }

            @Override
            public Long copy(Long firedAt) {
                return firedAt;
            }
        });
    }

    /** True, and the key's cooldown restarts at {@code time}, unless the key fired less than a cooldown away. */
    boolean tryAcquire(String key, Instant time) {
        Long previous = last.get(key);
        if (previous != null && Math.abs(time.toEpochMilli() - previous) < cooldownMillis) {
            return false;
        }
        last.put(key, time.toEpochMilli());
        return true;
    }

    StateMap<Long> state() {
        return last;
    }
}
