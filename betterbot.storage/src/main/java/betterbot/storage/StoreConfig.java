package betterbot.storage;

import betterbot.signals.grading.Horizon;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to open the store.
 *
 * @param path the SQLite database file ({@code DB_PATH})
 * @param maxSignals retention: the newest this many signals are kept ({@code MAX_SIGNALS})
 * @param clock stamps {@code created_at}
 * @param busyTimeout how long an operation waits for another process's lock before it fails (and is retried by
 *                    its caller): SQLite's {@code busy_timeout}
 * @param gradeHorizons the time horizons every entry is graded at ({@code GRADE_HORIZONS}; settlement always)
 * @param maxGradedSignals how many signals' entries and grades are kept, independently of {@code maxSignals}: the
 *                         track record outlives the signals' retention (see docs/internals.md, Grades)
 * @param maxPriceObservations how many kept price observations (one token's price at one moment) are kept
 */
public record StoreConfig(Path path, int maxSignals, Clock clock, Duration busyTimeout, List<Horizon> gradeHorizons,
                          int maxGradedSignals, int maxPriceObservations) {
    public static final int DEFAULT_MAX_SIGNALS = 10_000;
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
    public static final List<Horizon> DEFAULT_GRADE_HORIZONS = Horizon.parseList("1h,24h");
    public static final int DEFAULT_MAX_GRADED_SIGNALS = 100_000;
    public static final int DEFAULT_MAX_PRICE_OBSERVATIONS = 200_000;

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
        gradeHorizons = List.copyOf(gradeHorizons);
        if (gradeHorizons.isEmpty() || gradeHorizons.contains(Horizon.SETTLEMENT)) {
            throw new IllegalArgumentException("gradeHorizons must list at least one time horizon and not settlement,"
                    + " was " + gradeHorizons);
        }
        if (maxGradedSignals < 1) {
            throw new IllegalArgumentException("maxGradedSignals must be at least 1, was " + maxGradedSignals);
        }
        if (maxPriceObservations < 1) {
            throw new IllegalArgumentException("maxPriceObservations must be at least 1, was " + maxPriceObservations);
        }
    }

    public StoreConfig(Path path, int maxSignals, Clock clock, Duration busyTimeout) {
        this(path, maxSignals, clock, busyTimeout, DEFAULT_GRADE_HORIZONS, DEFAULT_MAX_GRADED_SIGNALS,
                DEFAULT_MAX_PRICE_OBSERVATIONS);
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
        return new StoreConfig(path, maxSignals, clock, timeout, gradeHorizons, maxGradedSignals,
                maxPriceObservations);
    }

    /** The same settings grading at other time horizons. */
    public StoreConfig withGradeHorizons(List<Horizon> horizons) {
        return new StoreConfig(path, maxSignals, clock, busyTimeout, horizons, maxGradedSignals, maxPriceObservations);
    }

    /** The same settings with other bounds of the grading tables. */
    public StoreConfig withGradeBounds(int maxGraded, int maxObservations) {
        return new StoreConfig(path, maxSignals, clock, busyTimeout, gradeHorizons, maxGraded, maxObservations);
    }
}
