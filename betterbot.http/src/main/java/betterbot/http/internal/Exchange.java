package betterbot.http.internal;

import betterbot.signals.SignalJson;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One request and its answer: parsed parameters in, a JSON body out. */
final class Exchange {
    private final HttpExchange http;
    private Map<String, String> params;

    Exchange(HttpExchange http) {
        this.http = http;
    }

    String method() {
        return http.getRequestMethod();
    }

    String path() {
        return http.getRequestURI().getRawPath();
    }

    /** A query parameter's first value, or null. */
    String param(String name) {
        if (params == null) {
            params = parseQuery(http.getRequestURI().getRawQuery());
        }
        return params.get(name);
    }

    /** An integer parameter within bounds, or the default when absent; a 400 naming it otherwise. */
    int intParam(String name, int defaultValue, int min, int max) {
        String raw = param(name);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badParameter(name, name + " must be an integer from " + min + " to " + max + ", got '"
                + raw + "'");
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), "?");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), key);
            out.putIfAbsent(key, value);
        }
        return out;
    }

    private static String decode(String s, String parameter) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter(parameter, "malformed percent-encoding in the query string");
        }
    }

    /** Writes a JSON body produced by {@code body} with the given status. */
    void sendJson(int status, JsonBody body) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        try (JsonGenerator g = SignalJson.mapper().getFactory().createGenerator(buffer, JsonEncoding.UTF8)) {
            body.write(g);
        }
        send(status, buffer.toByteArray());
    }

    void sendError(ApiError e) throws IOException {
        if (e.status == 405) {
            http.getResponseHeaders().set("Allow", "GET, HEAD");
        }
        sendJson(e.status, g -> {
            g.writeStartObject();
            g.writeStringField("error", e.error);
            g.writeStringField("message", e.getMessage());
            if (e.parameter != null) {
                g.writeStringField("parameter", e.parameter);
            }
            g.writeEndObject();
        });
    }

    private void send(int status, byte[] body) throws IOException {
        http.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        http.getResponseHeaders().set("Cache-Control", "no-store");
        if (method().equals("HEAD")) {
            http.sendResponseHeaders(status, -1);
            return;
        }
        http.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        http.getResponseBody().write(body);
    }

    /** Writes one JSON value. */
    @FunctionalInterface
    interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }
}
