package betterbot.storage;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * How to open the store.
 *
 * @param path the SQLite database file ({@code DB_PATH})
 * @param maxSignals retention: the newest this many signals are kept ({@code MAX_SIGNALS})
 * @param clock stamps {@code created_at}
 */
public record StoreConfig(Path path, int maxSignals, Clock clock) {
    public static final int DEFAULT_MAX_SIGNALS = 10_000;

    public StoreConfig {
        Objects.requireNonNull(path, "path");
        if (maxSignals < 1) {
            throw new IllegalArgumentException("maxSignals must be at least 1, was " + maxSignals);
        }
        Objects.requireNonNull(clock, "clock");
    }

    public StoreConfig(Path path, int maxSignals) {
        this(path, maxSignals, Clock.systemUTC());
    }

    public StoreConfig(Path path) {
        this(path, DEFAULT_MAX_SIGNALS);
    }
}
