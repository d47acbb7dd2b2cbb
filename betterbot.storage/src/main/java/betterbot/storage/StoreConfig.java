package betterbot.storage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to open the store.
 *
 * @param path the SQLite database file ({@code DB_PATH})
 * @param maxSignals retention: the newest this many signals are kept ({@code MAX_SIGNALS})
 * @param clock stamps {@code created_at}
 * @param busyTimeout how long an operation waits for another process's lock before it fails (and is retried by
 *                    its caller): SQLite's {@code busy_timeout}
 */
public record StoreConfig(Path path, int maxSignals, Clock clock, Duration busyTimeout) {
    public static final int DEFAULT_MAX_SIGNALS = 10_000;
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    public StoreConfig {
        Objects.requireNonNull(path, "path");
        if (maxSignals < 1) {
            throw new IllegalArgumentException("maxSignals must be at least 1, was " + maxSignals);
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busyTimeout out of range: " + busyTimeout);
        }
    }

    public StoreConfig(Path path, int maxSignals, Clock clock) {
        this(path, maxSignals, clock, DEFAULT_BUSY_TIMEOUT);
    }

    public StoreConfig(Path path, int maxSignals) {
        this(path, maxSignals, Clock.systemUTC());
    }

    public StoreConfig(Path path) {
        this(path, DEFAULT_MAX_SIGNALS);
    }

    /** The same settings with another lock wait. */
    public StoreConfig withBusyTimeout(Duration timeout) {
        return new StoreConfig(path, maxSignals, clock, timeout);
    }
}
