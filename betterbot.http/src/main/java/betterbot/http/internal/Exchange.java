package betterbot.http.internal;

import betterbot.signals.PlainNumber;
import betterbot.signals.SignalJson;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/** One request and its answer: parsed parameters in, a JSON (or stream) body out, status and size noted. */
final class Exchange {
    static final String JSON = "application/json; charset=utf-8";
    /** JSON and text answers at least this long are sent gzip-compressed to a client that asks (docs/api.md). */
    static final int GZIP_MIN_BYTES = 1024;

    /** Told of each answer's route and status just before its headers leave, so a client never sees an answer
     * its metrics do not count yet. */
    @FunctionalInterface
    interface AnswerListener {
        void answering(String route, int status);
    }

    private final HttpExchange http;
    private final AnswerListener listener;
    private final WriteWatchdog.Guard guard;
    private OutputStream body;
    private Router.Match match;
    private Map<String, String> params;
    private int status;
    private long bytesSent;

    Exchange(HttpExchange http, AnswerListener listener, WriteWatchdog watchdog) {
        this.http = http;
        this.listener = listener;
        this.guard = watchdog.guard(() -> { });
    }

    /** Whether a write of this answer was cut because the client stopped reading. */
    boolean writeTimedOut() {
        return guard.timedOut();
    }

    /** The response body; every write and flush is under the write timeout. */
    private OutputStream body() {
        if (body == null) {
            body = guard.wrap(http.getResponseBody());
        }
        return body;
    }

    /** Ends the exchange (the last chunk of a streamed answer is a write too, so it is timed as well). */
    void close() {
        try {
            guard.begin();
            http.close();
        } catch (IOException timedOut) {
            http.close(); // the connection is already closed
        } finally {
            guard.end();
            guard.close();
        }
    }

    String method() {
        return http.getRequestMethod();
    }

    boolean isHead() {
        return "HEAD".equals(http.getRequestMethod());
    }

    /** The raw path, without the query string: what logs may show. */
    String path() {
        return http.getRequestURI().getRawPath();
    }

    String requestHeader(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    Headers requestHeaders() {
        return http.getRequestHeaders();
    }

    InputStream requestBody() {
        return http.getRequestBody();
    }

    String remoteAddress() {
        InetSocketAddress a = http.getRemoteAddress();
        return a == null ? "-" : a.getAddress().getHostAddress();
    }

    void route(Router.Match m) {
        this.match = m;
    }

    /** The matched route's pattern, for metrics and logs; {@code unmatched} when none. */
    String routeName() {
        return match == null ? "unmatched" : match.route().pattern();
    }

    String pathParam(int index) {
        return match.pathParams().get(index);
    }

    int status() {
        return status;
    }

    long bytesSent() {
        return bytesSent;
    }

    boolean headersSent() {
        return status != 0;
    }

    // ---- query parameters

    /** Refuses parameters the route does not know (a typo must not silently widen a query) and repeats. */
    void checkParams(Set<String> accepted) {
        for (String name : params().keySet()) {
            if (!accepted.contains(name)) {
                throw ApiError.badParameter(name, "unknown parameter '" + name + "'"
                        + (accepted.isEmpty() ? "; this route takes none" : "; accepted: "
                        + String.join(", ", new TreeSet<>(accepted))));
            }
        }
    }

    /** A query parameter's value, or null when absent. */
    String param(String name) {
        return params().get(name);
    }

    private Map<String, String> params() {
        if (params == null) {
            params = parseQuery(http.getRequestURI().getRawQuery());
        }
        return params;
    }

    /** An integer parameter within bounds, or the default when absent; a 400 naming it otherwise. */
    int intParam(String name, int defaultValue, int min, int max) {
        String raw = param(name);
        if (raw == null) {
            return defaultValue;
        }
        Integer value = PlainNumber.integer(raw, min, max);
        if (value != null) {
            return value;
        }
        throw ApiError.badParameter(name, name + " must be an integer from " + min + " to " + max + ", got '"
                + shown(raw) + "'");
    }

    /** A non-negative integer (a seq cursor), or null when absent. */
    Long seqParam(String name) {
        return parseSeq(name, param(name));
    }

    static Long parseSeq(String name, String raw) {
        if (raw == null) {
            return null;
        }
        Long value = PlainNumber.integer(raw);
        if (value != null && value >= 0) {
            return value;
        }
        throw ApiError.badParameter(name, name + " must be a non-negative integer (a signal seq), got '"
                + shown(raw) + "'");
    }

    /** A bad value as an error message quotes it: at most 64 characters, control characters escaped. */
    static String shown(String raw) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length() && out.length() < 64; i++) {
            char c = raw.charAt(i);
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return raw.length() > 64 ? out + "…" : out.toString();
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
            if (out.putIfAbsent(key, value) != null) {
                throw ApiError.badParameter(key, "parameter '" + key + "' is given more than once");
            }
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

    // ---- answers

    Headers responseHeaders() {
        return http.getResponseHeaders();
    }

    /** Writes a JSON body produced by {@code body} with the given status. */
    void sendJson(int status, JsonBody body) throws IOException {
        send(status, JSON, "no-store", render(body));
    }

    /** Renders a JSON value to UTF-8 bytes. */
    static byte[] render(JsonBody body) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = generator(buffer)) {
            body.write(g);
        }
        return buffer.toByteArray();
    }

    void sendError(ApiError e) throws IOException {
        Headers h = http.getResponseHeaders();
        if (e.challenge != null) {
            h.set("WWW-Authenticate", e.challenge);
        }
        if (e.status == 413) {
            h.set("Connection", "close"); // the rest of the body is not read
        }
        if (e.retryAfterSeconds > 0) {
            h.set("Retry-After", Integer.toString(e.retryAfterSeconds));
        }
        sendJson(e.status, g -> {
            g.writeStartObject();
            g.writeStringField("error", e.error);
            g.writeStringField("message", e.getMessage());
            g.writeStringField("parameter", e.parameter);
            g.writeEndObject();
        });
    }

    /** A whole body with its length; HEAD gets the same headers and no body. */
    void send(int status, String contentType, String cacheControl, byte[] body) throws IOException {
        send(status, contentType, cacheControl, body, null);
    }

    /**
     * A whole body, gzip-compressed when it is JSON or plain text (the metrics) of at least {@link #GZIP_MIN_BYTES}
     * and the client accepts gzip; {@code gzipped} gives the compressed bytes when they are already at hand (the
     * answer cache's), else they are made here. Such an answer varies by Accept-Encoding whichever encoding is sent, and keeps its ETag
     * (a weak one: both encodings are the same answer).
     */
    void send(int status, String contentType, String cacheControl, byte[] body, GzipSource gzipped)
            throws IOException {
        Headers h = http.getResponseHeaders();
        h.set("Content-Type", contentType);
        h.set("Cache-Control", cacheControl);
        if ((contentType.equals(JSON) || contentType.startsWith("text/plain")) && body.length >= GZIP_MIN_BYTES
                && negotiateGzip()) {
            body = gzipped != null ? gzipped.gzip() : Gzip.compress(body);
        }
        if (isHead()) {
            h.set("Content-Length", Integer.toString(body.length));
            sendHeaders(status, -1);
            return;
        }
        sendHeaders(status, body.length == 0 ? -1 : body.length);
        body().write(body);
        bytesSent = body.length;
    }

    /**
     * A JSON answer written to the socket as it is encoded (chunked), so that it is never held whole in
     * memory; HEAD gets the headers without a length.
     */
    void sendJsonStreamed(int status, String cacheControl, JsonBody json) throws IOException {
        Headers h = http.getResponseHeaders();
        h.set("Content-Type", JSON);
        h.set("Cache-Control", cacheControl);
        boolean gzip = negotiateGzip();
        if (isHead()) {
            sendHeaders(status, -1);
            return;
        }
        sendHeaders(status, 0);
        OutputStream counted = counting(body());
        OutputStream out = gzip ? new GZIPOutputStream(counted, Gzip.BUFFER) : counted;
        // buffered: the stored JSON of each signal is written to the stream beside the generator (StoredSignal)
        try (JsonGenerator g = generator(new java.io.BufferedOutputStream(out, STREAMED_BUFFER))) {
            json.write(g);
        }
        if (gzip) {
            ((GZIPOutputStream) out).finish();
        }
    }

    /** Bytes gathered before a streamed answer's write: a few signals, not one socket write per field. */
    private static final int STREAMED_BUFFER = 32 * 1024;

    /**
     * A UTF-8 generator whose flush stays out of the stream, so that a signal's stored JSON can be written to
     * the stream directly ({@code StoredSignal.writeFieldsTo}).
     */
    private static JsonGenerator generator(OutputStream out) throws IOException {
        return SignalJson.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)
                .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    }

    /** The compressed bytes of an answer, made on demand. */
    @FunctionalInterface
    interface GzipSource {
        byte[] gzip();
    }

    /**
     * Whether the request's Accept-Encoding takes gzip: {@code gzip} or {@code *} listed without {@code q=0}
     * (and gzip not refused by name when {@code *} is used).
     */
    boolean acceptsGzip() {
        return Gzip.accepted(headerValues("Accept-Encoding"));
    }

    /**
     * For an answer that may be compressed: marks it as varying by Accept-Encoding and, when the client accepts
     * gzip, as gzip-encoded; true then (the caller compresses).
     */
    private boolean negotiateGzip() {
        Headers h = http.getResponseHeaders();
        h.set("Vary", "Accept-Encoding");
        boolean gzip = acceptsGzip();
        if (gzip) {
            h.set("Content-Encoding", "gzip");
        }
        return gzip;
    }

    /** The one place an answer's status goes out. */
    private void sendHeaders(int answerStatus, long length) throws IOException {
        this.status = answerStatus;
        listener.answering(routeName(), answerStatus);
        guard.begin(); // the headers are a write too
        try {
            http.sendResponseHeaders(answerStatus, length);
        } finally {
            guard.end();
        }
    }

    /** Pushes what was written so far to the client. */
    void flush() throws IOException {
        body().flush();
    }

    /** A status without a body (204, 304). */
    void sendEmpty(int status) throws IOException {
        sendHeaders(status, -1);
    }

    /**
     * Starts a streamed (chunked) 200 answer; the returned stream counts what is written. With {@code gzipIfAsked}
     * and a client that accepts gzip it is compressed, each flush pushing out everything written so far (a
     * sync flush), so that a live stream's events still arrive one by one.
     */
    OutputStream startStream(String contentType, boolean gzipIfAsked) throws IOException {
        Headers h = http.getResponseHeaders();
        h.set("Content-Type", contentType);
        boolean gzip = gzipIfAsked && negotiateGzip();
        sendHeaders(200, 0);
        OutputStream counted = counting(body());
        return gzip ? new GZIPOutputStream(counted, Gzip.BUFFER, true) : counted;
    }

    /** Counts what is written, for the access log. */
    private OutputStream counting(OutputStream target) {
        return new FilterOutputStream(target) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                bytesSent += len;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytesSent++;
            }

            @Override
            public void close() throws IOException {
                flush(); // the exchange ends the body itself
            }
        };
    }

    /** Values of a comma-separated request header across all its lines (e.g. If-None-Match). */
    List<String> headerValues(String name) {
        List<String> lines = http.getRequestHeaders().get(name);
        return lines == null ? List.of() : lines;
    }

    /** Writes one JSON value. */
    @FunctionalInterface
    interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }
}
