package betterbot.signals.delivery;

import java.time.Duration;

/**
 * How delivery retries and waits (see docs/delivery.md, Retries).
 *
 * @param timeout one request's time limit, connecting included
 * @param initialBackoff the wait after a first failure; doubled per further failure, with jitter
 * @param maxBackoff the longest wait between attempts (a service's {@code Retry-After} is honoured up to an hour)
 * @param idleCheck how often an idle destination looks for new signals without being woken
 * @param failingAfter consecutive failed attempts after which a destination reports {@code failing}
 */
public record DeliveryConfig(Duration timeout, Duration initialBackoff, Duration maxBackoff, Duration idleCheck,
                             int failingAfter) {
    public static final DeliveryConfig DEFAULTS = new DeliveryConfig(Duration.ofSeconds(10), Duration.ofSeconds(1),
            Duration.ofMinutes(5), Duration.ofSeconds(1), 3);

    public DeliveryConfig {
        if (timeout.isNegative() || timeout.isZero() || initialBackoff.isNegative() || initialBackoff.isZero()
                || maxBackoff.compareTo(initialBackoff) < 0 || idleCheck.isNegative() || idleCheck.isZero()
                || failingAfter < 1) {
            throw new IllegalArgumentException("invalid delivery timings: " + this);
        }
    }
}
