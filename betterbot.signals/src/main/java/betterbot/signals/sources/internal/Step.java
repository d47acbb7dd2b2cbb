package betterbot.signals.sources.internal;

import java.util.function.Function;

/** One request of a poll: the parsed answer, or the outcome that ends the poll (throttled, failed). */
sealed interface Step<T> {
    record Value<T>(T value) implements Step<T> {
    }

    record Stop<T>(Poller.Outcome outcome) implements Step<T> {
    }

    /** Parses a body; a body that is not the expected shape ends the poll as failed, naming {@code what}. */
    static <T> Step<T> of(Fetched fetched, String what, Function<String, T> parser) {
        return switch (fetched) {
            case Fetched.Body b -> {
                try {
                    yield new Value<>(parser.apply(b.text()));
                } catch (IllegalArgumentException e) {
                    yield new Stop<>(new Poller.Outcome.Failed("malformed " + what + ": " + e.getMessage()));
                }
            }
            case Fetched.Throttled t -> new Stop<>(new Poller.Outcome.Throttled(t.retryAfter(),
                    what + ": HTTP " + t.status() + (t.retryAfter() == null ? "" : ", retry after "
                            + t.retryAfter().toSeconds() + " s")));
            case Fetched.Failure f -> new Stop<>(new Poller.Outcome.Failed(what + ": " + f.message()));
        };
    }
}
