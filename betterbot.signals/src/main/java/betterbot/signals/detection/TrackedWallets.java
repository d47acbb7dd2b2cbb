package betterbot.signals.detection;

import betterbot.signals.SignalJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The watch list of the tracked-wallet detector: wallet address → label. Addresses are compared
 * case-insensitively, so they are kept lower case; a wallet without a label maps to "".
 *
 * <p>Accepted forms: {@code TRACKED_WALLETS} as {@code address:label,address:label}; {@code TRACKED_WALLETS_FILE}
 * as JSON ({@code {"0x…": "label"}} or {@code [{"address": "0x…", "label": "…"}]}) or CSV
 * ({@code address,label} per line, an optional header, {@code #} comments). Every malformed entry throws
 * {@link IllegalArgumentException} naming where it is.
 */
public final class TrackedWallets {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private TrackedWallets() {
    }

    /** Parses {@code address:label,address:label}; blank yields an empty list. */
    public static Map<String, String> parse(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        if (spec == null) {
            return out;
        }
        int n = 0;
        for (String entry : spec.split(",")) {
            n++;
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            put(out, colon < 0 ? e : e.substring(0, colon), colon < 0 ? "" : e.substring(colon + 1), "entry " + n);
        }
        return out;
    }

    /** Reads a JSON or CSV watch list. */
    public static Map<String, String> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text.startsWith("{") || text.startsWith("[") ? fromJson(text) : fromCsv(text);
    }

    private static Map<String, String> fromJson(String text) {
        JsonNode root;
        try {
            root = SignalJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root.isObject()) {
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                if (!e.getValue().isTextual() && !e.getValue().isNull()) {
                    throw new IllegalArgumentException("the label of " + e.getKey() + " must be a string");
                }
                put(out, e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText(), "key " + e.getKey());
            }
            return out;
        }
        int i = 0;
        for (JsonNode item : root) {
            String where = "item " + i++;
            if (item.isTextual()) {
                put(out, item.asText(), "", where);
            } else if (item.isObject()) {
                JsonNode address = item.has("address") ? item.get("address") : item.get("wallet");
                if (address == null || !address.isTextual()) {
                    throw new IllegalArgumentException(where + " has no \"address\"");
                }
                JsonNode label = item.get("label");
                put(out, address.asText(), label == null || label.isNull() ? "" : label.asText(), where);
            } else {
                throw new IllegalArgumentException(where + " must be an address or {\"address\", \"label\"}");
            }
        }
        return out;
    }

    private static Map<String, String> fromCsv(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            String address = unquote(cells[0]);
            if (out.isEmpty() && !address.startsWith("0x") && address.matches("(?i)address|wallet")) {
                continue; // header
            }
            if (cells.length > 2) {
                throw new IllegalArgumentException("line " + (i + 1) + " must be address,label");
            }
            put(out, address, cells.length > 1 ? unquote(cells[1]) : "", "line " + (i + 1));
        }
        return out;
    }

    private static String unquote(String cell) {
        String s = cell.strip();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1).strip() : s;
    }

    private static void put(Map<String, String> out, String address, String label, String where) {
        String a = address.strip();
        if (!ADDRESS.matcher(a).matches()) {
            throw new IllegalArgumentException(where + ": '" + a + "' is not a wallet address (0x and 40 hex digits)");
        }
        out.put(a.toLowerCase(Locale.ROOT), label.strip());
    }
}
