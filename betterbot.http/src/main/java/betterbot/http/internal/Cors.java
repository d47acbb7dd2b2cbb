package betterbot.http.internal;

import com.sun.net.httpserver.Headers;
import java.io.IOException;

/**
 * Cross-origin reads for one configured origin ({@code CORS_ORIGIN}), off by default: without these headers a
 * browser page on another origin cannot read any answer. Preflights are answered without a token because
 * browsers never send credentials on them.
 */
final class Cors {
    static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";
    static final String ALLOWED_HEADERS = "Authorization, If-None-Match, Last-Event-ID, Cache-Control";

    private final String origin; // null when off

    Cors(String origin) {
        this.origin = origin;
    }

    boolean enabled() {
        return origin != null;
    }

    /** The methods a route answers, for {@code Allow}. */
    String allow() {
        return origin == null ? "GET, HEAD" : ALLOWED_METHODS;
    }

    /** Added to every answer, errors included, so a browser can read why a request failed. */
    void addHeaders(Exchange exchange) {
        if (origin != null) {
            Headers h = exchange.responseHeaders();
            h.set("Access-Control-Allow-Origin", origin);
            h.set("Access-Control-Expose-Headers", "ETag");
        }
    }

    boolean isPreflight(Exchange exchange) {
        return origin != null && "OPTIONS".equals(exchange.method());
    }

    void answerPreflight(Exchange exchange) throws IOException {
        Headers h = exchange.responseHeaders();
        h.set("Allow", ALLOWED_METHODS);
        h.set("Access-Control-Allow-Methods", ALLOWED_METHODS);
        h.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        h.set("Access-Control-Max-Age", "600");
        exchange.sendEmpty(204);
    }
}
