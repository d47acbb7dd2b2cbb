package betterbot.signals.delivery.internal;

import java.time.Duration;

/**
 * One attempt's outcome (see docs/delivery.md, Retries): delivered; to retry (network error, timeout, 408, 429,
 * 5xx), after {@code retryAfter} when the service said so; or refused for good (any other 4xx).
 *
 * @param status the HTTP status; 0 when no answer came
 * @param detail what happened, in words, without secrets
 */
record Attempt(Outcome outcome, int status, Duration retryAfter, String detail) {
    enum Outcome { DELIVERED, RETRY, REFUSED }

    static Attempt delivered(int status) {
        return new Attempt(Outcome.DELIVERED, status, null, "HTTP " + status);
    }
}
