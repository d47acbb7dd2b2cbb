package betterbot.signals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The one time format on the wire: ISO-8601 UTC with milliseconds and {@code Z}. */
public final class IsoTime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The times a reader may ask for: four-digit years, so that every one fits epoch milliseconds. */
    public static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private IsoTime() {
    }

    /** Whether a time lies between {@link #EARLIEST} and {@link #LATEST}. */
    public static boolean inRange(Instant t) {
        return !t.isBefore(EARLIEST) && !t.isAfter(LATEST);
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /**
     * Parses an ISO-8601 instant, with {@code Z} or a numeric offset, with or without fractions.
     *
     * @throws DateTimeParseException when the text is not such a time
     */
    public static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }
}
