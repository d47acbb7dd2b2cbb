package betterbot.signals.market.internal;

import betterbot.signals.IsoTime;
import betterbot.signals.SignalJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import betterbot.signals.market.Parsed;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The low-level readers every upstream parser shares: the first of several names present wins, numbers and
 * booleans may come as strings, times as unix seconds, milliseconds or ISO-8601, arrays encoded as strings
 * ({@code "[\"Yes\", \"No\"]"}). A present but unreadable value throws {@link IllegalArgumentException}, which
 * the parsers turn into a skipped row.
 */
public final class JsonFields {
    private JsonFields() {
    }

    /**
     * Reads every row with {@code parse}, which answers null for a malformed row: that row is left out and
     * counted, so one bad row never costs the rest of its page. Rows {@code ignored} accepts (activity that is
     * not what the page is read for) are left out uncounted.
     */
    public static <T> Parsed<T> eachRow(Iterable<JsonNode> rows, Predicate<JsonNode> ignored,
                                        Function<JsonNode, T> parse) {
        List<T> out = new ArrayList<>();
        int skipped = 0;
        for (JsonNode row : rows) {
            if (ignored.test(row)) {
                continue;
            }
            T value = parse.apply(row);
            if (value == null) {
                skipped++;
            } else {
                out.add(value);
            }
        }
        return new Parsed<>(out, skipped);
    }

    /** {@link #eachRow(Iterable, Predicate, Function)} with no row ignored. */
    public static <T> Parsed<T> eachRow(Iterable<JsonNode> rows, Function<JsonNode, T> parse) {
        return eachRow(rows, row -> false, parse);
    }

    public static JsonNode tree(String json) {
        try {
            return SignalJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static JsonNode array(JsonNode node, String what) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of " + what + ", got "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        return node;
    }

    public static JsonNode field(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }

    /** Text of a string or number field; null when absent or blank. */
    public static String text(JsonNode node, String... names) {
        JsonNode v = field(node, names);
        if (v == null || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    public static String lowerText(JsonNode node, String... names) {
        String s = text(node, names);
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    /** A finite number, given as a JSON number or a numeric string; null when absent or blank. */
    public static Double number(JsonNode node, String... names) {
        JsonNode v = field(node, names);
        if (v == null) {
            return null;
        }
        double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            String s = v.asText().strip();
            if (s.isEmpty()) {
                return null;
            }
            try {
                d = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: " + s);
            }
        } else {
            throw new IllegalArgumentException("not a number: " + v);
        }
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        return d;
    }

    public static boolean bool(JsonNode node, boolean absent, String... names) {
        JsonNode v = field(node, names);
        if (v == null) {
            return absent;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        String s = v.asText().strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + v);
        };
    }

    /**
     * A time: unix seconds or milliseconds (number or numeric string) or ISO-8601 (also Postgres' "2026-11-24
     * 13:30:00+00"). A date without a time of day is unknown (null): its hour matters to every rule using it.
     */
    public static Instant instant(JsonNode node, String... names) {
        JsonNode v = field(node, names);
        if (v == null) {
            return null;
        }
        String s = v.asText().strip();
        if (s.isEmpty()) {
            return null;
        }
        if (v.isNumber() || s.chars().allMatch(Character::isDigit)) {
            long n = v.isNumber() ? v.asLong() : Long.parseLong(s);
            return n >= 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
        }
        if (s.length() == 10) {
            return null;
        }
        try {
            return IsoTime.parse(s);
        } catch (DateTimeParseException e) {
            String iso = s.replace(' ', 'T');
            if (iso.matches(".*[+-]\\d\\d")) {
                iso += ":00";
            }
            try {
                return IsoTime.parse(iso);
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("not a time: " + s);
            }
        }
    }

    /** An array of strings, real or encoded as a string; empty when absent, null when undecodable. */
    public static List<String> stringList(JsonNode node, String... names) {
        JsonNode array = decodedArray(field(node, names));
        if (array == null) {
            return null;
        }
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode v : array) {
            if (v.isContainerNode() || v.isNull()) {
                return null;
            }
            out.add(v.asText());
        }
        return out;
    }

    public static List<Double> doubleList(JsonNode node, String... names) {
        JsonNode array = decodedArray(field(node, names));
        if (array == null) {
            return null;
        }
        List<Double> out = new ArrayList<>(array.size());
        for (JsonNode v : array) {
            try {
                double d = v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText().strip());
                if (!Double.isFinite(d)) {
                    return null;
                }
                out.add(d);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    public static JsonNode decodedArray(JsonNode v) {
        if (v == null) {
            return SignalJson.mapper().createArrayNode();
        }
        if (v.isArray()) {
            return v;
        }
        if (v.isTextual()) {
            String s = v.asText().strip();
            if (s.isEmpty()) {
                return SignalJson.mapper().createArrayNode();
            }
            try {
                JsonNode decoded = SignalJson.mapper().readTree(s);
                return decoded != null && decoded.isArray() ? decoded : null;
            } catch (JsonProcessingException e) {
                return null;
            }
        }
        return null;
    }
}
