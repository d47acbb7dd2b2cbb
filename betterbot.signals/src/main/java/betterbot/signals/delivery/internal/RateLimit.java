package betterbot.signals.delivery.internal;

import betterbot.signals.delivery.Destination;
import betterbot.signals.delivery.DestinationKind;
import java.time.Duration;

/**
 * A token bucket: {@code burst} messages at once, then one per {@code every} (see docs/delivery.md, Pace).
 * Used by one destination's worker only.
 */
final class RateLimit {
    /** Telegram allows about 20 messages a minute into a group (chat ids of groups are negative). */
    static final Duration TELEGRAM_GROUP = Duration.ofSeconds(3);

    private final long everyNanos;
    private final int burst;
    private double tokens;
    private long last;

    RateLimit(int burst, Duration every, long now) {
        this.burst = burst;
        this.everyNanos = Math.max(1, every.toNanos());
        this.tokens = burst;
        this.last = now;
    }

    static RateLimit of(Destination d) {
        Duration every = d.kind().every();
        if (d.kind() == DestinationKind.TELEGRAM && d.chatId().startsWith("-")) {
            every = TELEGRAM_GROUP;
        }
        if (d.perSecond() != null) {
            every = Duration.ofNanos((long) (1e9 / d.perSecond()));
        }
        return new RateLimit(d.kind().burst(), every, System.nanoTime());
    }

    /** How long to wait before the next message may go at {@code now}; takes its token when that is zero. */
    long nanosUntilNext(long now) {
        tokens = Math.min(burst, tokens + (double) (now - last) / everyNanos);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) * everyNanos);
    }

    /** Blocks until the next message may go. */
    void acquire() throws InterruptedException {
        long wait;
        while ((wait = nanosUntilNext(System.nanoTime())) > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }
}
