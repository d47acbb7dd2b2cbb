package betterbot.signals.sources.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * How to reach the Dome-compatible stream and what to subscribe. The API key travels in the URL path, so the URL
 * is only ever shown as {@code <base>/***}, and {@link #redact} scrubs the key from any text as a second line of
 * defence.
 *
 * @param wsBaseUrl {@code ws://} or {@code wss://} base; the key is appended as the last path segment
 * @param apiKey the provider's key; never shown by {@link #toString()}
 * @param wallets tracked proxy wallets (lower-cased and de-duplicated here)
 * @param maxUsersPerSubscription wallets per subscribe message (Dome's free tier allows 5, Dev 500)
 * @param silenceTimeout no frame at all for this long (ping unanswered) means the socket is dead
 * @param reconnect backoff between connection attempts
 * @param connectTimeout limit for the WebSocket handshake and for each subscribe send
 */
record DomeSettings(URI wsBaseUrl, String apiKey, List<String> wallets, int maxUsersPerSubscription,
                    Duration silenceTimeout, Backoff reconnect, Duration connectTimeout) {
    static final String REDACTED = "***";

    DomeSettings {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("Dome feed needs an API key (DOME_API_KEY)");
        }
        if (wsBaseUrl == null || wsBaseUrl.getHost() == null || wsBaseUrl.getScheme() == null
                || !List.of("ws", "wss").contains(wsBaseUrl.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(redact("Dome feed URL must be ws://host[:port][/path] or "
                    + "wss://…, got " + wsBaseUrl, apiKey));
        }
        if (wsBaseUrl.getRawQuery() != null || wsBaseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("Dome feed URL must not carry a query or fragment: the API key "
                    + "is appended to its path");
        }
        if (wallets == null || wallets.isEmpty()) {
            throw new IllegalArgumentException("Dome feed needs at least one wallet to track");
        }
        LinkedHashSet<String> normalized = new LinkedHashSet<>();
        for (String w : wallets) {
            if (w == null || w.isBlank()) {
                throw new IllegalArgumentException("Dome feed wallets must not be blank");
            }
            normalized.add(w.strip().toLowerCase(Locale.ROOT));
        }
        wallets = List.copyOf(normalized);
        if (maxUsersPerSubscription < 1) {
            throw new IllegalArgumentException("maxUsersPerSubscription must be at least 1, got "
                    + maxUsersPerSubscription);
        }
        requirePositive(silenceTimeout, "silenceTimeout");
        requirePositive(connectTimeout, "connectTimeout");
        if (reconnect == null) {
            throw new IllegalArgumentException("reconnect backoff is required");
        }
    }

    /** The URL to connect to, key included: hand it to the client only, never to a log. */
    URI endpoint() {
        return URI.create(base() + "/" + encodePathSegment(apiKey));
    }

    /** The URL as it may be shown: the key replaced by {@code ***}. */
    String redactedEndpoint() {
        return base() + "/" + REDACTED;
    }

    private String base() {
        String s = wsBaseUrl.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    @Override
    public String toString() {
        return "DomeSettings[url=" + redactedEndpoint() + ", wallets=" + wallets.size() + ", maxUsersPerSubscription="
                + maxUsersPerSubscription + ", silenceTimeout=" + silenceTimeout + ", reconnect=" + reconnect
                + ", connectTimeout=" + connectTimeout + "]";
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /** The text with the key scrubbed. */
    String redact(String text) {
        return redact(text, apiKey);
    }

    /** The text with the key, raw or percent-encoded, replaced by {@code ***}. */
    static String redact(String text, String key) {
        if (text == null || key == null || key.isEmpty()) {
            return text;
        }
        return text.replace(key, REDACTED).replace(encodePathSegment(key), REDACTED);
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, so any key makes a valid path segment. */
    static String encodePathSegment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
