package betterbot.signals.sources.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local stand-in for an upstream API: answers each path from a script of responses (the last one repeats),
 * records every request, and misbehaves on demand (statuses, Retry-After, slow answers, malformed bodies).
 */
final class FakeUpstream implements AutoCloseable {
    /** One scripted answer. */
    record Answer(int status, String body, Map<String, String> headers, Duration delay) {
        static Answer json(String body) {
            return new Answer(200, body, Map.of("Content-Type", "application/json"), Duration.ZERO);
        }

        static Answer status(int status, String body, Map<String, String> headers) {
            return new Answer(status, body, headers, Duration.ZERO);
        }

        Answer slow(Duration d) {
            return new Answer(status, body, headers, d);
        }
    }

    /** What a client sent. */
    record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> scripts = new HashMap<>();
    private final Map<String, Function<Request, Answer>> responders = new HashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    FakeUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    URI base() {
        return uri("");
    }

    /** Answers {@code path} with these, in order; the last one keeps answering. */
    synchronized FakeUpstream on(String path, Answer... answers) {
        responders.remove(path);
        scripts.put(path, new ArrayDeque<>(List.of(answers)));
        return this;
    }

    /**
     * Answers {@code path} from what each request asks (its query), as Gamma answers {@code condition_ids=…} and
     * {@code clob_token_ids=…} with just those markets; replaces a script for that path.
     */
    synchronized FakeUpstream on(String path, Function<Request, Answer> responder) {
        scripts.remove(path);
        responders.put(path, responder);
        return this;
    }

    /** A query parameter of a request, decoded; null when absent. */
    static String param(Request r, String name) {
        if (r.query() == null) {
            return null;
        }
        for (String pair : r.query().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * Gamma's deprecated list routes answer 410 Gone, with the headers their deprecation came with: a service
     * reading them is blind. Scripts set later for these paths replace this.
     */
    synchronized FakeUpstream legacyGammaGone() {
        Map<String, String> headers = Map.of("Content-Type", "application/json", "Deprecation", "true",
                "Sunset", "Fri, 01 May 2026 00:00:00 GMT", "Warning", "299 - \"use /markets/keyset\"");
        String body = "{\"type\":\"gone\",\"error\":\"this route was removed, use /markets/keyset\"}";
        on("/markets", Answer.status(410, body, headers));
        on("/events", Answer.status(410, body, headers));
        return this;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requests(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    private Answer next(Request request) {
        String path = request.path();
        synchronized (this) {
            Function<Request, Answer> responder = responders.get(path);
            if (responder != null) {
                return responder.apply(request);
            }
            Deque<Answer> script = scripts.get(path);
            if (script == null || script.isEmpty()) {
                return Answer.status(404, "{\"error\":\"no such route\"}", Map.of());
            }
            return script.size() > 1 ? script.poll() : script.peek();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            URI uri = exchange.getRequestURI();
            Request request = new Request(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()), body);
            requests.add(request);
            Answer answer = next(request);
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay());
                } catch (InterruptedException e) {
                    return;
                }
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the client gave up (a timeout test): nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
