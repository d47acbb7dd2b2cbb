package betterbot.http.internal;

import betterbot.http.HttpConfig;
import betterbot.signals.IsoTime;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.SourceStatus;
import betterbot.signals.delivery.DeliveryStatus;
import betterbot.signals.sources.SourceLedger.CoverageGap;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreHealth;
import betterbot.storage.StoreStats;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the service and its store hold: {@code /health}, {@code /api/stats} and {@code /api/stats/database}. */
final class StatsRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(StatsRoutes.class);
    static final Duration RECENT = Duration.ofHours(24);

    /** Coverage gaps are read from SQLite at most this often, so /health stays cheap under polling. */
    static final Duration GAPS_CACHE = Duration.ofSeconds(1);
    static final int GAPS_SHOWN = 20;

    private final SignalStore store;
    private final HttpConfig config;
    private final Clock clock;
    private final Instant startedAt;
    private final Supplier<List<SourceStatus>> sources;
    private final Supplier<List<DeliveryStatus>> deliveries;
    private volatile CachedGaps gaps;

    private record CachedGaps(long readAtNanos, List<CoverageGap> gaps) {
    }

    StatsRoutes(SignalStore store, HttpConfig config, Clock clock, Instant startedAt,
                Supplier<List<SourceStatus>> sources, Supplier<List<DeliveryStatus>> deliveries) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.startedAt = startedAt;
        this.sources = sources;
        this.deliveries = deliveries;
    }

    void register(Router router) {
        router.add("/api/stats", Set.of(), this::stats);
        router.add("/api/stats/database", Set.of(), this::databaseStats);
    }

    /**
     * 200 {@code ok} while the store reads and writes; 503 {@code degraded} while its writes fail (it still
     * serves what it holds, but new signals are not being stored: a monitor that reads only the status code
     * must notice); 503 {@code unavailable} while its reads fail or it is unusable. Down sources never make it
     * 503: a blind spot upstream is not a failing service.
     */
    void health(Exchange exchange) throws IOException {
        boolean usable = store.isUsable();
        StoreHealth storeHealth = store.health();
        boolean reads = usable && storeHealth.reads().ok();
        boolean writes = storeHealth.writes().ok();
        String status = !reads ? "unavailable" : writes ? "ok" : "degraded";
        long count = reads ? store.count() : -1;
        List<SourceStatus> statuses = sources.get();
        List<DeliveryStatus> destinations = deliveries.get();
        Instant now = clock.instant();
        exchange.sendJson("ok".equals(status) ? 200 : 503, g -> {
            g.writeStartObject();
            g.writeStringField("status", status);
            g.writeStringField("version", config.version());
            g.writeNumberField("uptime_seconds", Duration.between(startedAt, now).toSeconds());
            g.writeStringField("started_at", IsoTime.format(startedAt));
            if (reads) {
                g.writeNumberField("signal_count", count);
            }
            g.writeObjectFieldStart("store");
            g.writeBooleanField("usable", usable);
            writeSide(g, "writes", storeHealth.writes());
            writeSide(g, "reads", storeHealth.reads());
            g.writeEndObject();
            writeSources(g, statuses);
            writeDestinations(g, destinations);
            writeGaps(g, reads ? recentGaps(now) : List.of());
            g.writeEndObject();
        });
    }

    private static void writeSide(JsonGenerator g, String field, StoreHealth.Side side) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("state", side.ok() ? "ok" : "failing");
        writeTime(g, "since", side.since());
        if (side.error() == null) {
            g.writeNullField("error");
        } else {
            g.writeStringField("error", side.error());
        }
        g.writeEndObject();
    }

    /** Each source's state, so a reader can tell a quiet market from a blind service. */
    private static void writeSources(JsonGenerator g, List<SourceStatus> statuses) throws IOException {
        g.writeArrayFieldStart("sources_down");
        for (SourceStatus s : statuses) {
            if (s.state() == SourceStatus.State.DOWN) {
                g.writeString(s.name());
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("sources");
        for (SourceStatus s : statuses) {
            g.writeStartObject();
            g.writeStringField("name", s.name());
            g.writeStringField("state", s.state().wireName());
            writeTime(g, "last_success", s.lastSuccess());
            if (s.lastError() == null) {
                g.writeNullField("last_error");
            } else {
                g.writeStringField("last_error", s.lastError());
            }
            g.writeNumberField("consecutive_failures", s.consecutiveFailures());
            g.writeNumberField("polls", s.polls());
            g.writeNumberField("failures", s.failures());
            g.writeNumberField("items_fetched", s.itemsFetched());
            g.writeNumberField("items_skipped", s.itemsSkipped());
            if (!s.counters().isEmpty()) {
                g.writeObjectFieldStart("counters");
                for (java.util.Map.Entry<String, Long> c : s.counters().entrySet()) {
                    g.writeNumberField(c.getKey(), c.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * Each push destination, and those failing: like a down source, a failing destination (its receiver down or
     * refusing) does not make the service unhealthy, but a monitor reading the body sees who is not being told.
     */
    private static void writeDestinations(JsonGenerator g, List<DeliveryStatus> destinations) throws IOException {
        g.writeArrayFieldStart("destinations_failing");
        for (DeliveryStatus d : destinations) {
            if (d.state() == DeliveryStatus.State.FAILING) {
                g.writeString(d.name());
            }
        }
        g.writeEndArray();
        g.writeArrayFieldStart("destinations");
        for (DeliveryStatus d : destinations) {
            DeliveryRoutes.write(g, d);
        }
        g.writeEndArray();
    }

    /** Down windows of the last 24 h (open ones first), newest first: when the service was blind. */
    private static void writeGaps(JsonGenerator g, List<CoverageGap> gaps) throws IOException {
        g.writeArrayFieldStart("coverage_gaps");
        for (CoverageGap gap : gaps) {
            g.writeStartObject();
            g.writeStringField("source", gap.source());
            writeTime(g, "start", gap.start());
            writeTime(g, "end", gap.end());
            g.writeStringField("reason", gap.reason() == null ? "" : gap.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The gaps, or none when they cannot be read: /health answers whatever else fails. */
    private List<CoverageGap> recentGaps(Instant now) {
        CachedGaps cached = gaps;
        long at = System.nanoTime();
        if (cached == null || at - cached.readAtNanos() > GAPS_CACHE.toNanos()) {
            try {
                cached = new CachedGaps(at, List.copyOf(store.sourceLedger().gaps(now.minus(RECENT), GAPS_SHOWN)));
            } catch (RuntimeException e) {
                LOG.warn("cannot read coverage gaps: {}", e.toString());
                return List.of();
            }
            gaps = cached;
        }
        return cached.gaps();
    }

    /** The figures a dashboard shows; every known type and source is listed, with 0 when absent. */
    private void stats(Exchange exchange) throws IOException {
        Instant now = clock.instant();
        StoreStats s = store.stats();
        long recent = store.countSince(now.minus(RECENT));
        Map<String, Long> byType = new LinkedHashMap<>();
        SignalType.NAMES.forEach(name -> byType.put(name, 0L));
        byType.putAll(s.byType());
        Map<String, Long> bySource = new LinkedHashMap<>();
        for (Source source : Source.values()) {
            bySource.put(source.wireName(), 0L);
        }
        bySource.putAll(s.bySource());
        exchange.sendJson(200, g -> {
            g.writeStartObject();
            g.writeNumberField("total", s.totalStored());
            writeCounts(g, "by_type", byType);
            writeCounts(g, "by_source", bySource);
            g.writeNumberField("last_24h", recent);
            writeNullable(g, "average_confidence", s.averageConfidence());
            g.writeNumberField("high_confidence_count", s.highConfidenceCount());
            g.writeNumberField("high_confidence_threshold", StoreStats.HIGH_CONFIDENCE);
            g.writeNumberField("last_seq", store.lastSeq());
            writeTime(g, "newest_detected_at", s.newestDetectedAt());
            g.writeStringField("generated_at", IsoTime.format(now));
            g.writeEndObject();
        });
    }

    private void databaseStats(Exchange exchange) throws IOException {
        StoreStats s = store.stats();
        exchange.sendJson(200, g -> {
            g.writeStartObject();
            s.writeFields(g);
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

    private static void writeNullable(JsonGenerator g, String field, Double value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, value);
        }
    }

    private static void writeTime(JsonGenerator g, String field, Instant t) throws IOException {
        if (t == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, IsoTime.format(t));
        }
    }
}
