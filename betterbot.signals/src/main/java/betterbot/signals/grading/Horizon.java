package betterbot.signals.grading;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a signal is graded: a fixed time after its detection (1 h, 24 h, …) or at its market's settlement.
 * Horizons order by their duration, settlement last.
 *
 * @param duration the time after detection, or null for settlement
 */
public record Horizon(Duration duration) implements Comparable<Horizon> {
    /** At the market's resolution: the side is worth 1 if it won, 0 if it lost. */
    public static final Horizon SETTLEMENT = new Horizon(null);

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhd])");

    public Horizon {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("a grading horizon must be positive, was " + duration);
        }
    }

    public static Horizon after(Duration duration) {
        return new Horizon(Objects.requireNonNull(duration, "duration"));
    }

    public boolean isSettlement() {
        return duration == null;
    }

    /**
     * One horizon: {@code settlement} or a positive whole number of seconds, minutes, hours or days, e.g.
     * {@code 90s}, {@code 15m}, {@code 1h}, {@code 2d}.
     */
    public static Horizon parse(String text) {
        String item = text == null ? "" : text.strip();
        if (item.equals("settlement")) {
            return SETTLEMENT;
        }
        Matcher m = DURATION.matcher(item);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("grading horizon '" + item
                    + "' is not a positive duration such as 90s, 15m, 1h, 24h or 2d");
        }
        long amount = Long.parseLong(m.group(1));
        return after(switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }

    /**
     * The time horizons of a comma-separated list such as {@code GRADE_HORIZONS}' {@code 1h,24h}, in ascending
     * order. Strict: an empty item, a malformed or repeated duration or {@code settlement} (always graded, so not
     * configurable) is an error naming that item.
     */
    public static List<Horizon> parseList(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the grading horizons must list at least one duration such as 1h");
        }
        Set<Horizon> horizons = new LinkedHashSet<>();
        for (String item : text.split(",", -1)) {
            Horizon h = parse(item);
            if (h.isSettlement()) {
                throw new IllegalArgumentException("grading horizon 'settlement' is always graded; list durations only");
            }
            if (!horizons.add(h)) {
                throw new IllegalArgumentException("grading horizon '" + item.strip() + "' is listed twice");
            }
        }
        List<Horizon> sorted = new ArrayList<>(horizons);
        sorted.sort(null);
        return List.copyOf(sorted);
    }

    /** {@code settlement}, or the duration in the largest whole unit among hours, minutes and seconds: {@code 48h}, {@code 90m}. */
    @JsonValue
    public String wireName() {
        if (duration == null) {
            return "settlement";
        }
        long seconds = duration.toSeconds();
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    @Override
    public int compareTo(Horizon other) {
        if (isSettlement() || other.isSettlement()) {
            return Boolean.compare(isSettlement(), other.isSettlement());
        }
        return duration.compareTo(other.duration);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
