package betterbot.http.internal;

import betterbot.http.HttpConfig;
import betterbot.signals.IsoTime;
import betterbot.signals.StoredSignal;
import betterbot.storage.SignalQuery;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreException;
import betterbot.storage.StoreStats;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every route of the API and the one place where failures become JSON answers. */
public final class Routes {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    static final int DEFAULT_LIMIT = 50;

    private final SignalStore store;
    private final HttpConfig config;
    private final Clock clock;
    private final Instant startedAt;

    public Routes(SignalStore store, HttpConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public void register(HttpServer server) {
        // One context for everything so that unknown paths get a JSON 404, not the server's HTML page.
        server.createContext("/", this::handle);
    }

    private void handle(HttpExchange http) {
        try (http) {
            Exchange exchange = new Exchange(http);
            try {
                route(exchange);
            } catch (ApiError e) {
                exchange.sendError(e);
            } catch (StoreException e) {
                LOG.warn("{} {}: {}", http.getRequestMethod(), http.getRequestURI(), e.getMessage());
                exchange.sendError(ApiError.unavailable("the signal store is unavailable: " + e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", http.getRequestMethod(), http.getRequestURI(), e);
                exchange.sendJson(500, g -> {
                    g.writeStartObject();
                    g.writeStringField("error", "internal_error");
                    g.writeStringField("message", "the server failed to answer this request; see its log");
                    g.writeEndObject();
                });
            }
        } catch (IOException e) {
            LOG.debug("client went away: {}", e.getMessage()); // nothing left to answer
        }
    }

    private void route(Exchange exchange) throws IOException {
        String path = exchange.path();
        Handler handler = switch (path) {
            case "/health" -> this::handleHealth;
            case "/api/signals" -> this::handleSignals;
            case "/api/stats/database" -> this::handleDatabaseStats;
            default -> null;
        };
        if (handler == null) {
            throw ApiError.notFound("no route " + path);
        }
        if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
            throw ApiError.methodNotAllowed(exchange.method());
        }
        handler.handle(exchange);
    }

    @FunctionalInterface
    private interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    private void handleHealth(Exchange exchange) throws IOException {
        boolean usable = store.isUsable();
        long count = usable ? store.count() : -1;
        Instant now = clock.instant();
        exchange.sendJson(usable ? 200 : 503, g -> {
            g.writeStartObject();
            g.writeStringField("status", usable ? "ok" : "unavailable");
            g.writeStringField("version", config.version());
            g.writeNumberField("uptime_seconds", Duration.between(startedAt, now).toSeconds());
            g.writeStringField("started_at", IsoTime.format(startedAt));
            if (usable) {
                g.writeNumberField("signal_count", count);
            } else {
                g.writeStringField("store", "the signal store is not usable; see the log");
            }
            g.writeEndObject();
        });
    }

    private void handleSignals(Exchange exchange) throws IOException {
        int limit = exchange.intParam("limit", DEFAULT_LIMIT, 1, SignalQuery.MAX_LIMIT);
        List<StoredSignal> signals = store.query(SignalQuery.newest(limit)).signals();
        exchange.sendJson(200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("signals");
            for (StoredSignal s : signals) {
                s.writeTo(g);
            }
            g.writeEndArray();
            g.writeNumberField("count", signals.size());
            g.writeEndObject();
        });
    }

    private void handleDatabaseStats(Exchange exchange) throws IOException {
        StoreStats s = store.stats();
        exchange.sendJson(200, g -> {
            g.writeStartObject();
            g.writeNumberField("total_stored", s.totalStored());
            g.writeNumberField("total_ever_stored", s.totalEverStored());
            g.writeNumberField("max_signals", s.maxSignals());
            writeCounts(g, "by_source", s.bySource());
            writeCounts(g, "by_type", s.byType());
            if (s.averageConfidence() == null) {
                g.writeNullField("average_confidence");
            } else {
                g.writeNumberField("average_confidence", s.averageConfidence());
            }
            g.writeNumberField("high_confidence_count", s.highConfidenceCount());
            g.writeNumberField("high_confidence_threshold", StoreStats.HIGH_CONFIDENCE);
            writeTime(g, "oldest_detected_at", s.oldestDetectedAt());
            writeTime(g, "newest_detected_at", s.newestDetectedAt());
            g.writeNumberField("database_bytes", s.databaseBytes());
            g.writeNumberField("wal_bytes", s.walBytes());
            g.writeNumberField("unreadable_rows", s.unreadableRows());
            g.writeEndObject();
        });
    }

    private static void writeCounts(JsonGenerator g, String field, Map<String, Long> counts) throws IOException {
        g.writeObjectFieldStart(field);
        for (var e : counts.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void writeTime(JsonGenerator g, String field, Instant t) throws IOException {
        if (t == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, IsoTime.format(t));
        }
    }
}
