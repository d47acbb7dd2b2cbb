package betterbot.signals.sources.internal;

import betterbot.signals.sources.Recorder;
import java.time.Duration;
import java.time.Instant;
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

    /**
     * The body as {@code parser} reads it, like {@link #parse(String, Function)}; a body that parsed is then handed
     * to the recorder as {@code kind}. Every poll parses its answers through here, so each records without code of
     * its own (see docs/operations.md, Recording).
     */
    default <T> T parse(String what, Recorder.Kind kind, Function<String, T> parser) throws PollStop {
        T parsed = parse(what, parser);
        if (this instanceof Body b) {
            b.recorder().record(kind, b.receivedAt(), b.text());
        }
        return parsed;
    }

    /**
     * A 2xx answer.
     *
     * @param receivedAt when it arrived: its capture time in a recording
     * @param recorder where its body goes once it parsed
     */
    record Body(String text, Instant receivedAt, Recorder recorder) implements Fetched {
        Body(String text) {
            this(text, Instant.EPOCH, Recorder.OFF);
        }
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
