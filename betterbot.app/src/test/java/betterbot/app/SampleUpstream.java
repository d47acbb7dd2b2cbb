package betterbot.app;

import betterbot.signals.SignalJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake Polymarket on loopback that answers with the shipped sample's recorded responses; each test decides
 * which route answers what (and which misbehaves). Line 1 of the sample is a {@code /markets/keyset} page, line 2
 * a books batch, lines 3 and 5 whale-feed trade pages.
 */
final class SampleUpstream implements AutoCloseable {
    static final Path SAMPLES = Path.of(System.getProperty("betterbot.samples", "../samples"));

    /** One answer: its status and JSON body. */
    record Reply(int status, String body) {
        static Reply ok(String body) {
            return new Reply(200, body);
        }
    }

    /** What a route answers for a request's path and query. */
    @FunctionalInterface
    interface Routes {
        Reply answer(String path, String query) throws IOException;
    }

    private final List<String> bodies = new ArrayList<>();
    private final HttpServer server;

    SampleUpstream(Routes routes) throws IOException {
        for (String line : Files.readAllLines(SAMPLES.resolve("polymarket-sample.jsonl"))) {
            bodies.add(SignalJson.mapper().readTree(line).get("body").toString());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> answer(exchange, routes));
        server.start();
    }

    private static void answer(HttpExchange exchange, Routes routes) throws IOException {
        try (exchange) {
            Reply reply = routes.answer(exchange.getRequestURI().getPath(),
                    String.valueOf(exchange.getRequestURI().getQuery()));
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** The response body recorded on line {@code index + 1} of the sample. */
    String body(int index) {
        return bodies.get(index);
    }

    /** The base URL of every fake API (Gamma, CLOB, Data). */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * The sample's event {@code id} as {@code /events/{id}} answers it: one object with its markets nested
     * (without their own "events" field); null when the sample has no such event.
     */
    String event(String id) throws IOException {
        ObjectNode event = null;
        ArrayNode markets = SignalJson.mapper().createArrayNode();
        for (JsonNode m : SignalJson.mapper().readTree(bodies.get(0)).get("markets")) {
            JsonNode e = m.path("events").path(0);
            if (id.equals(e.path("id").asText())) {
                if (event == null) {
                    event = ((ObjectNode) e).deepCopy();
                }
                ObjectNode nested = ((ObjectNode) m).deepCopy();
                nested.remove("events");
                markets.add(nested);
            }
        }
        if (event == null) {
            return null;
        }
        event.set("markets", markets);
        return event.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
