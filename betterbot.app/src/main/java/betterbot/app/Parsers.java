package betterbot.app;

import betterbot.app.Setting.InvalidValue;
import betterbot.app.Setting.Parser;
import betterbot.http.HttpConfig;
import betterbot.signals.PlainNumber;
import betterbot.signals.grading.Horizon;
import betterbot.signals.detection.TrackedWallets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How values are read: one syntax per kind of value, the same for every variable of that kind (see
 * docs/configuration.md, Values). A refusal says what the variable accepts.
 */
final class Parsers {
    private Parsers() {
    }

    static Parser<Integer> integer(int min, int max) {
        return new Parser<>("an integer from " + min + " to " + max, (v, quoted) -> {
            Integer parsed = PlainNumber.integer(v, min, max);
            if (parsed == null) {
                throw new InvalidValue("must be an integer from " + min + " to " + max + ", got " + quoted
                        + " (plain ASCII digits, _ allowed between them)");
            }
            return parsed;
        });
    }

    static Parser<Double> decimal(double min, double max) {
        String range = Setting.plain(min) + " to " + Setting.plain(max);
        return new Parser<>("a number from " + range, (v, quoted) -> {
            Double parsed = PlainNumber.decimal(v, min, max);
            if (parsed == null) {
                throw new InvalidValue("must be a number from " + range + ", got " + quoted
                        + " (plain decimal: ASCII digits, an optional point and fraction, no exponent)");
            }
            return parsed;
        });
    }

    /** Grading horizons: a comma-separated list of positive durations such as 90s, 15m, 1h, 24h or 2d. */
    static Parser<List<Horizon>> horizons() {
        return new Parser<>("a comma-separated list of durations such as 90s, 15m, 1h, 24h, 2d", (v, quoted) -> {
            try {
                return Horizon.parseList(v);
            } catch (IllegalArgumentException e) {
                throw new InvalidValue(e.getMessage() + ", got " + quoted);
            }
        });
    }

    /** The one boolean syntax: true or false, in any case. */
    static Parser<Boolean> bool() {
        return new Parser<>("true or false", (v, quoted) -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidValue("must be true or false, got " + quoted);
        });
    }

    /** One of {@code accepted}, in any case; read in lower case. */
    static Parser<String> oneOf(List<String> accepted) {
        return new Parser<>("one of " + String.join(", ", accepted), (v, quoted) -> {
            String lower = v.toLowerCase(Locale.ROOT);
            if (!accepted.contains(lower)) {
                throw new InvalidValue("must be one of " + String.join(", ", accepted) + ", got " + quoted);
            }
            return lower;
        });
    }

    static Parser<String> text() {
        return new Parser<>("", (v, quoted) -> v);
    }

    static Parser<Path> path() {
        return new Parser<>("a file path", (v, quoted) -> {
            try {
                return Path.of(v);
            } catch (InvalidPathException e) {
                throw new InvalidValue("is not a valid file path: " + quoted);
            }
        });
    }

    /**
     * A directory to write in: an existing directory, or a path whose nearest existing ancestor is a directory (it
     * is created at start, not here: check-config creates nothing).
     */
    static Parser<Path> recordingDirectory() {
        return new Parser<>("a writable directory (created at start if missing)", (v, quoted) -> {
            Path dir;
            try {
                dir = Path.of(v).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new InvalidValue("is not a valid directory path: " + quoted);
            }
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new InvalidValue("must be a directory, got a file: " + quoted);
                }
                if (!Files.isWritable(dir)) {
                    throw new InvalidValue("must be a directory this user can write in: " + quoted);
                }
                return Path.of(v);
            }
            Path ancestor = dir.getParent();
            while (ancestor != null && !Files.exists(ancestor)) {
                ancestor = ancestor.getParent();
            }
            if (ancestor == null || !Files.isDirectory(ancestor)) {
                throw new InvalidValue("cannot be created: " + quoted + (ancestor == null ? ""
                        : " (" + ancestor + " is not a directory)"));
            }
            return Path.of(v);
        });
    }

    static Parser<String> bindAddress() {
        return new Parser<>("an IP address or a host name of this machine", (v, quoted) -> {
            try {
                InetAddress.getByName(v); // a literal never touches DNS; a name must resolve here
                return v;
            } catch (UnknownHostException | SecurityException e) {
                throw new InvalidValue("must be an IP address or a resolvable host name of this machine, got "
                        + quoted);
            }
        });
    }

    /** A URL of one of {@code schemes} with a host, no query and no fragment; a trailing slash is dropped. */
    static Parser<URI> url(String... schemes) {
        String kind = "a " + String.join(" or ", schemes) + " URL with a host";
        return new Parser<>(kind, (v, quoted) -> {
            try {
                URI uri = new URI(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                if (uri.getHost() != null && List.of(schemes).contains(String.valueOf(uri.getScheme()))
                        && uri.getQuery() == null && uri.getFragment() == null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // refused below
            }
            throw new InvalidValue("must be " + kind + ", got " + quoted);
        });
    }

    /** A URL that holds a secret (a Discord webhook's): a refusal never quotes it. */
    static Parser<URI> secretUrl() {
        String kind = "an https URL (http only for a local receiver)";
        return new Parser<>(kind, (v, quoted) -> {
            try {
                URI uri = new URI(v);
                if (uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // refused below
            }
            throw new InvalidValue("must be " + kind + "; the value given is not shown");
        });
    }

    /** A Telegram chat: a number, negative for groups and channels, or a public channel's @name. */
    static Parser<String> chatId() {
        String kind = "a chat number (e.g. -1001234567890) or @channelname";
        return new Parser<>(kind, (v, quoted) -> {
            if (v.matches("-?[0-9]{1,20}") || v.matches("@[A-Za-z][A-Za-z0-9_]{3,31}")) {
                return v;
            }
            throw new InvalidValue("must be " + kind + ", got " + quoted);
        });
    }

    /** Comma-separated signal type names. */
    static Parser<java.util.Set<String>> signalTypes() {
        String kind = "signal types separated by commas: " + String.join(", ", betterbot.signals.SignalType.NAMES);
        return new Parser<>(kind, (v, quoted) -> {
            java.util.Set<String> types = new java.util.LinkedHashSet<>();
            for (String t : v.split(",")) {
                String name = t.strip();
                if (!betterbot.signals.SignalType.NAMES.contains(name)) {
                    throw new InvalidValue("must be " + kind + "; got " + quoted);
                }
                types.add(name);
            }
            return java.util.Collections.unmodifiableSet(types);
        });
    }

    /** The refusal never quotes the value: it is a secret even when it is a wrong one. */
    static Parser<String> token(int minLength) {
        String kind = "at least " + minLength + " visible ASCII characters without spaces";
        return new Parser<>(kind, (v, quoted) -> {
            if (v.length() < minLength || !HttpConfig.TOKEN.matcher(v).matches()) {
                throw new InvalidValue("must be " + kind + " (e.g. the output of: openssl rand -hex 32); the value"
                        + " given is not shown");
            }
            return v;
        });
    }

    static Parser<String> origin() {
        return new Parser<>("* or an origin scheme://host[:port]", (v, quoted) -> {
            if (!HttpConfig.ORIGIN.matcher(v).matches()) {
                throw new InvalidValue("must be * or an origin scheme://host[:port] without a path, e.g."
                        + " https://dash.example.com, got " + quoted);
            }
            return v;
        });
    }

    static Parser<Map<String, String>> walletList() {
        return new Parser<>("address:label,address:label (label optional)", (v, quoted) -> {
            try {
                return TrackedWallets.parse(v);
            } catch (IllegalArgumentException e) {
                throw new InvalidValue("must be address:label,address:label; " + e.getMessage());
            }
        });
    }

    /** A watch list file as given, and the wallets it holds. */
    record WatchListFile(String path, Map<String, String> wallets) {
    }

    static Parser<WatchListFile> walletFile() {
        return new Parser<>("a JSON or CSV watch list file", (v, quoted) -> {
            try {
                return new WatchListFile(v, TrackedWallets.read(Path.of(v)));
            } catch (NoSuchFileException | InvalidPathException e) {
                throw new InvalidValue("names no readable file: " + quoted);
            } catch (IOException e) {
                throw new InvalidValue("cannot be read: " + quoted + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new InvalidValue("must hold a JSON or CSV watch list; " + quoted + ": " + e.getMessage());
            }
        });
    }
}
