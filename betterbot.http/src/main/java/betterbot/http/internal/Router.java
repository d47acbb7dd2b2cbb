package betterbot.http.internal;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Paths to handlers. A pattern is literal segments and {@code {name}} placeholders; routes are tried in the
 * order they were added, so literal routes go before the placeholders they would otherwise match. Matching
 * is exact: no trailing slash, no empty placeholder.
 */
final class Router {

    @FunctionalInterface
    interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    /**
     * @param pattern the route as metrics and logs name it, e.g. {@code /api/signals/{id}}
     * @param params the query parameters it accepts; any other is a 400
     */
    record Route(String pattern, List<String> segments, Set<String> params, Handler handler) {
        boolean isPlaceholder(int i) {
            return segments.get(i).startsWith("{");
        }
    }

    /** A matched route and the decoded values of its placeholders, in order. */
    record Match(Route route, List<String> pathParams) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String pattern, Set<String> params, Handler handler) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route starts with /: " + pattern);
        }
        routes.add(new Route(pattern, List.of(pattern.substring(1).split("/", -1)), Set.copyOf(params), handler));
        return this;
    }

    /** The first route matching a raw (still percent-encoded) path, or null. */
    Match match(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return null;
        }
        String[] parts = rawPath.substring(1).split("/", -1);
        for (Route route : routes) {
            if (route.segments().size() != parts.length) {
                continue;
            }
            List<String> values = matchSegments(route, parts);
            if (values != null) {
                return new Match(route, values);
            }
        }
        return null;
    }

    private static List<String> matchSegments(Route route, String[] parts) {
        List<String> values = List.of();
        for (int i = 0; i < parts.length; i++) {
            if (route.isPlaceholder(i)) {
                String value = decodeSegment(parts[i]);
                if (value == null || value.isEmpty()) {
                    return null;
                }
                if (values.isEmpty()) {
                    values = new ArrayList<>(2);
                }
                values.add(value);
            } else if (!route.segments().get(i).equals(parts[i])) {
                return null;
            }
        }
        return values;
    }

    /** Percent-decodes one path segment ({@code +} is a plus in a path); null when malformed. */
    private static String decodeSegment(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
