package betterbot.signals.market;

import java.util.List;

/**
 * Rows parsed from one upstream response.
 *
 * @param rows the rows that were understood, in response order
 * @param skipped rows that were malformed and left out
 */
public record Parsed<T>(List<T> rows, int skipped) {
    public Parsed {
        rows = List.copyOf(rows);
    }
}
