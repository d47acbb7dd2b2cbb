package betterbot.signals.sources.internal;

import java.time.Duration;
import java.util.function.Function;

/** What one upstream request gave: a body, a throttle with the wait the server asked for, or a failure. */
sealed interface Fetched {
    /**
     * The body as {@code parser} reads it; any other answer, or a body that is not the expected shape, ends the
     * poll with its outcome (throttled, or failed naming {@code what}).
     */
    default <T> T parse(String what, Function<String, T> parser) throws PollStop {
        return switch (this) {
            case Body b -> {
                try {
                    yield parser.apply(b.text());
                } catch (IllegalArgumentException e) {
                    throw new PollStop(new Poller.Outcome.Failed("malformed " + what + ": " + e.getMessage()));
                }
            }
            case Throttled t -> throw new PollStop(new Poller.Outcome.Throttled(t.retryAfter(),
                    what + ": HTTP " + t.status() + (t.retryAfter() == null ? "" : ", retry after "
                            + t.retryAfter().toSeconds() + " s")));
            case Failure f -> throw new PollStop(new Poller.Outcome.Failed(what + ": " + f.message()));
        };
    }

    /** A 2xx answer. */
    record Body(String text) implements Fetched {
    }

    /** 429 or 503: come back after {@code retryAfter} (the server's Retry-After, or null when it gave none). */
    record Throttled(int status, Duration retryAfter) implements Fetched {
    }

    /**
     * Anything else: connection refused, timeout, another status, an HTML answer.
     *
     * @param status the HTTP status, or 0 when no answer came
     * @param message the status code and a short reason, never the answer's body (it may echo a key)
     * @param retryable false for answers that will not change by retrying soon (a 4xx other than 408/429)
     * @param excerpt the start of the answer's body, for decisions that read it (Hashdive's credit limit);
     *                empty when none; never shown or logged
     */
    record Failure(int status, String message, boolean retryable, String excerpt) implements Fetched {
        Failure(int status, String message, boolean retryable) {
            this(status, message, retryable, "");
        }
    }
}
