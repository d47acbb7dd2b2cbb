package betterbot.app;

import static betterbot.app.Settings.DESTINATIONS_FILE;
import static betterbot.app.Settings.DISCORD_MIN_CONFIDENCE;
import static betterbot.app.Settings.DISCORD_TYPES;
import static betterbot.app.Settings.DISCORD_WEBHOOK_URL;
import static betterbot.app.Settings.TELEGRAM_API_URL;
import static betterbot.app.Settings.TELEGRAM_BOT_TOKEN;
import static betterbot.app.Settings.TELEGRAM_CHAT_ID;
import static betterbot.app.Settings.TELEGRAM_MIN_CONFIDENCE;
import static betterbot.app.Settings.TELEGRAM_TYPES;
import static betterbot.app.Settings.WEBHOOK_MIN_CONFIDENCE;
import static betterbot.app.Settings.WEBHOOK_SECRET;
import static betterbot.app.Settings.WEBHOOK_TYPES;
import static betterbot.app.Settings.WEBHOOK_URL;

import betterbot.signals.SignalJson;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.delivery.DeliveryFilter;
import betterbot.signals.delivery.Destination;
import betterbot.signals.delivery.DestinationKind;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The push destinations (see docs/delivery.md, Destinations): those of the plain variables ({@code webhook},
 * {@code telegram}, {@code discord}) and those of {@code DESTINATIONS_FILE}. Problems name the variable, and the
 * destination and field within the file; no problem quotes a secret.
 */
final class DestinationsReading {
    static final URI TELEGRAM_API = URI.create("https://api.telegram.org");
    private static final Set<String> FIELDS = Set.of("name", "kind", "url", "secret", "bot_token", "chat_id",
            "types", "sources", "min_confidence", "markets", "per_second");

    private DestinationsReading() {
    }

    static List<Destination> read(SettingsReader r) {
        List<Destination> out = new ArrayList<>();
        URI webhook = r.get(WEBHOOK_URL);
        String secret = r.get(WEBHOOK_SECRET);
        if (webhook != null && secret == null) {
            r.problem(WEBHOOK_SECRET.name() + " must be set with " + WEBHOOK_URL.name() + ": every webhook is signed");
        } else if (webhook == null && secret != null) {
            r.problem(WEBHOOK_URL.name() + " must be set with " + WEBHOOK_SECRET.name());
        } else if (webhook != null) {
            add(r, out, WEBHOOK_URL.name(), () -> new Destination("webhook", DestinationKind.WEBHOOK, webhook, secret,
                    null, filter(r.get(WEBHOOK_TYPES), r.get(WEBHOOK_MIN_CONFIDENCE)), null));
        }
        String token = r.get(TELEGRAM_BOT_TOKEN);
        String chat = r.get(TELEGRAM_CHAT_ID);
        if ((token == null) != (chat == null)) {
            r.problem((token == null ? TELEGRAM_BOT_TOKEN : TELEGRAM_CHAT_ID).name() + " must be set with "
                    + (token == null ? TELEGRAM_CHAT_ID : TELEGRAM_BOT_TOKEN).name());
        } else if (token != null) {
            add(r, out, TELEGRAM_BOT_TOKEN.name(), () -> new Destination("telegram", DestinationKind.TELEGRAM,
                    r.get(TELEGRAM_API_URL), token, chat, filter(r.get(TELEGRAM_TYPES),
                    r.get(TELEGRAM_MIN_CONFIDENCE)), null));
        }
        URI discord = r.get(DISCORD_WEBHOOK_URL);
        if (discord != null) {
            add(r, out, DISCORD_WEBHOOK_URL.name(), () -> new Destination("discord", DestinationKind.DISCORD, discord,
                    null, null, filter(r.get(DISCORD_TYPES), r.get(DISCORD_MIN_CONFIDENCE)), null));
        }
        Path file = r.get(DESTINATIONS_FILE);
        if (file != null) {
            readFile(r, file, out);
        }
        Set<String> names = new LinkedHashSet<>();
        for (Destination d : out) {
            if (!names.add(d.name())) {
                r.problem(DESTINATIONS_FILE.name() + ": the destination name '" + d.name() + "' is used twice");
            }
        }
        return List.copyOf(out);
    }

    private static DeliveryFilter filter(Set<String> types, Double minConfidence) {
        return new DeliveryFilter(types == null ? Set.of() : types, Set.of(), minConfidence, Set.of());
    }

    private interface Build {
        Destination build();
    }

    private static void add(SettingsReader r, List<Destination> out, String where, Build build) {
        try {
            out.add(build.build());
        } catch (IllegalArgumentException e) {
            r.problem(where + ": " + e.getMessage());
        }
    }

    /** {@code {"destinations": [...]}} or a bare array of destination objects. */
    private static void readFile(SettingsReader r, Path file, List<Destination> out) {
        String v = DESTINATIONS_FILE.name();
        JsonNode root;
        try {
            root = SignalJson.mapper().readTree(Files.readString(file));
        } catch (IOException e) {
            r.problem(v + " cannot be read as JSON: " + file + ": " + firstLine(e.getMessage()));
            return;
        }
        JsonNode list = root != null && root.isObject() ? root.get("destinations") : root;
        if (list == null || !list.isArray()) {
            r.problem(v + " must hold {\"destinations\": [...]} or an array of destinations: " + file);
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode d = list.get(i);
            String where = v + " destination " + (d.hasNonNull("name") ? "'" + d.get("name").asText() + "'" : "#" + i);
            if (!d.isObject()) {
                r.problem(where + " must be an object");
                continue;
            }
            List<String> problems = new ArrayList<>();
            Destination parsed = destination(d, problems);
            if (problems.isEmpty() && parsed != null) {
                out.add(parsed);
            } else {
                problems.forEach(p -> r.problem(where + ": " + p));
            }
        }
    }

    private static Destination destination(JsonNode d, List<String> problems) {
        for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                problems.add("unknown field '" + f + "' (known: " + String.join(", ", FIELDS.stream().sorted().toList())
                        + ")");
            }
        }
        DestinationKind kind;
        try {
            kind = DestinationKind.fromWire(d.path("kind").asText(""));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
        URI url = null;
        String secret = null;
        String chat = null;
        switch (kind) {
            case WEBHOOK -> {
                url = url(d, "url", false, problems);
                secret = text(d, "secret", problems);
            }
            case TELEGRAM -> {
                url = d.has("url") ? url(d, "url", false, problems) : TELEGRAM_API;
                secret = text(d, "bot_token", problems);
                chat = text(d, "chat_id", problems);
            }
            case DISCORD -> url = url(d, "url", true, problems);
        }
        Set<String> types = strings(d, "types", problems);
        for (String t : types) {
            if (!SignalType.KNOWN.contains(t)) {
                problems.add("types: unknown signal type '" + t + "'");
            }
        }
        Set<String> sources = strings(d, "sources", problems);
        for (String s : sources) {
            try {
                Source.fromWire(s);
            } catch (IllegalArgumentException e) {
                problems.add("sources: " + e.getMessage());
            }
        }
        Double min = number(d, "min_confidence", problems);
        Double perSecond = number(d, "per_second", problems);
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            return new Destination(d.path("name").asText(null), kind, url, secret, chat,
                    new DeliveryFilter(types, sources, min, strings(d, "markets", problems)), perSecond);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static URI url(JsonNode d, String field, boolean secret, List<String> problems) {
        String v = d.path(field).asText(null);
        if (v != null) {
            try {
                URI uri = new URI(v);
                if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // refused below
            }
        }
        problems.add(field + " must be an http or https URL" + (secret || v == null ? "" : ", got '" + v + "'"));
        return null;
    }

    private static String text(JsonNode d, String field, List<String> problems) {
        JsonNode v = d.get(field);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            problems.add(field + " is required");
            return null;
        }
        return v.asText();
    }

    private static Set<String> strings(JsonNode d, String field, List<String> problems) {
        JsonNode v = d.get(field);
        if (v == null || v.isNull()) {
            return Set.of();
        }
        if (!v.isArray()) {
            problems.add(field + " must be an array of strings");
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static Double number(JsonNode d, String field, List<String> problems) {
        JsonNode v = d.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            problems.add(field + " must be a number");
            return null;
        }
        return v.asDouble();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /**
     * Why pushing to this destination is unsafe, or null: a plain-http URL to a host that is neither this machine
     * nor a private network sends signals (and a Telegram token) in the clear.
     */
    static String insecure(Destination d) {
        URI url = d.url();
        if (!"http".equals(url.getScheme())) {
            return null;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(url.getHost())) {
                if (!(a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress())) {
                    return "destination " + d.name() + " is plain http to " + url.getHost()
                            + ", which is not on this machine or a private network: use https";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "destination " + d.name() + " is plain http to " + url.getHost() + ", which does not resolve";
        }
    }
}
