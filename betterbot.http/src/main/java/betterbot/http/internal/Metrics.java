package betterbot.http.internal;

import betterbot.signals.SignalType;
import betterbot.signals.grading.GradeRecord;
import betterbot.signals.grading.Horizon;
import betterbot.signals.grading.OutcomeFilter;
import betterbot.signals.grading.Performance;
import betterbot.signals.grading.TrackRecord;
import betterbot.signals.SourceStatus;
import betterbot.signals.delivery.DeliveryStatus;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreMetrics;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} in the Prometheus text format 0.0.4, and the HTTP request counters behind it. Counting a
 * request is one map lookup and one {@link LongAdder} increment, cheap enough for every request.
 */
final class Metrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, StatusCounts> requests = new ConcurrentHashMap<>();
    private final SignalStore store;
    private final Supplier<List<SourceStatus>> sources;
    private final Supplier<List<DeliveryStatus>> deliveries;
    private final Supplier<SignalStream.Stats> streams;
    private final Instant startedAt;
    private final Supplier<Load> load;
    /** The grade figures, recomputed at most every {@link #GRADES_TTL}: they read every graded outcome. */
    private volatile GradeFigures gradeFigures;
    static final Duration GRADES_TTL = Duration.ofSeconds(10);

    /** Graded counts and hits by type, per horizon, as of {@code at} (a monotonic nanoTime). */
    private record GradeFigures(long at, Map<String, Map<String, Performance>> byHorizon) {
    }

    /** How the server copes with load: writes cut by the write timeout, heavy work running and refused. */
    record Load(long writeTimeouts, int heavyInProgress, long heavyRefused) {
    }

    Metrics(SignalStore store, Supplier<List<SourceStatus>> sources, Supplier<List<DeliveryStatus>> deliveries,
            Supplier<SignalStream.Stats> streams, Instant startedAt, Supplier<Load> load) {
        this.store = store;
        this.sources = sources;
        this.deliveries = deliveries;
        this.streams = streams;
        this.startedAt = startedAt;
        this.load = load;
    }

    /** Requests by status code, 100 to 599; 0 counts requests that ended before any status was sent. */
    private static final class StatusCounts {
        private final AtomicReferenceArray<LongAdder> byStatus = new AtomicReferenceArray<>(600);

        void increment(int status) {
            int i = status >= 100 && status < 600 ? status : 0;
            LongAdder adder = byStatus.get(i);
            if (adder == null) {
                byStatus.compareAndSet(i, null, new LongAdder());
                adder = byStatus.get(i);
            }
            adder.increment();
        }
    }

    void countRequest(String route, int status) {
        StatusCounts counts = requests.get(route);
        if (counts == null) {
            counts = requests.computeIfAbsent(route, r -> new StatusCounts());
        }
        counts.increment(status);
    }

    void handle(Exchange exchange) throws IOException {
        exchange.send(200, CONTENT_TYPE, "no-store", render().getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Map<String, Performance>> grades() {
        GradeFigures f = gradeFigures;
        long now = System.nanoTime();
        if (f == null || now - f.at() > GRADES_TTL.toNanos()) {
            Map<String, Map<String, Performance>> byHorizon = new java.util.LinkedHashMap<>();
            GradeRecord record = store.gradeRecord();
            for (Horizon h : record.horizons()) {
                byHorizon.put(h.wireName(), TrackRecord.byType(record.outcomes(h, OutcomeFilter.ALL)));
            }
            f = new GradeFigures(now, byHorizon);
            gradeFigures = f;
        }
        return f.byHorizon();
    }

    private void renderGrades(StringBuilder out) {
        Map<String, Map<String, Performance>> byHorizon = grades();
        family(out, "betterbot_grades_total", "gauge", "Signals graded, by type and horizon (cached 10 s).");
        byHorizon.forEach((h, byType) -> byType.forEach((type, p) ->
                sample(out, "betterbot_grades_total", (long) p.graded(), "type", type, "horizon", h)));
        family(out, "betterbot_grade_hits_total", "gauge", "Graded signals that hit, by type and horizon.");
        byHorizon.forEach((h, byType) -> byType.forEach((type, p) ->
                sample(out, "betterbot_grade_hits_total", (long) p.hits(), "type", type, "horizon", h)));
        family(out, "betterbot_grade_hit_rate", "gauge", "Hits / graded, by type and horizon (absent when none).");
        byHorizon.forEach((h, byType) -> byType.forEach((type, p) -> {
            if (p.hitRate() != null) {
                sample(out, "betterbot_grade_hit_rate", p.hitRate(), "type", type, "horizon", h);
            }
        }));
    }

    String render() {
        StringBuilder out = new StringBuilder(8192);
        StoreMetrics sm = store.metrics();
        renderGrades(out);

        family(out, "betterbot_signals_stored_total", "counter", "New signals stored since start, by type.");
        Map<String, Long> byType = new TreeMap<>();
        SignalType.NAMES.forEach(t -> byType.put(t, 0L));
        byType.putAll(sm.storedByType());
        byType.forEach((type, n) -> sample(out, "betterbot_signals_stored_total", n, "type", type));

        family(out, "betterbot_signals_held", "gauge", "Signals in the store now (retention keeps the newest).");
        sample(out, "betterbot_signals_held", store.count());
        family(out, "betterbot_signals_last_seq", "gauge", "The greatest signal seq assigned.");
        sample(out, "betterbot_signals_last_seq", store.lastSeq());

        String latency = "betterbot_store_operation_duration_seconds";
        family(out, latency, "histogram", "Time callers waited for the signal store, queueing included.");
        for (var e : new TreeMap<>(sm.latency()).entrySet()) {
            StoreMetrics.Latency l = e.getValue();
            for (int i = 0; i < l.bucketBoundsSeconds().size(); i++) {
                sample(out, latency + "_bucket", l.cumulativeCounts().get(i), "operation", e.getKey(), "le",
                        plain(l.bucketBoundsSeconds().get(i)));
            }
            sample(out, latency + "_bucket", l.count(), "operation", e.getKey(), "le", "+Inf");
            sample(out, latency + "_sum", l.sumSeconds(), "operation", e.getKey());
            sample(out, latency + "_count", l.count(), "operation", e.getKey());
        }

        family(out, "betterbot_store_write_failures_total", "counter",
                "Store writes rolled back since start (their signals are retried by the poll that found them), by"
                        + " reason: busy = another process held the database locked beyond the busy timeout.");
        sample(out, "betterbot_store_write_failures_total", sm.busyWriteFailures(), "reason", "busy");
        sample(out, "betterbot_store_write_failures_total", sm.writeFailures() - sm.busyWriteFailures(),
                "reason", "other");

        renderSources(out, sources.get());
        renderDeliveries(out, deliveries.get());

        family(out, "betterbot_http_requests_total", "counter", "HTTP requests by route pattern and status.");
        for (var e : new TreeMap<>(requests).entrySet()) {
            AtomicReferenceArray<LongAdder> counts = e.getValue().byStatus;
            for (int status = 0; status < counts.length(); status++) {
                LongAdder n = counts.get(status);
                if (n != null) {
                    sample(out, "betterbot_http_requests_total", n.sum(), "route", e.getKey(), "status",
                            status == 0 ? "none" : Integer.toString(status));
                }
            }
        }

        SignalStream.Stats st = streams.get();
        family(out, "betterbot_stream_clients", "gauge", "Live stream clients connected.");
        sample(out, "betterbot_stream_clients", st.clients());
        family(out, "betterbot_stream_slow_disconnects_total", "counter",
                "Stream clients disconnected because their queue overflowed.");
        sample(out, "betterbot_stream_slow_disconnects_total", st.droppedSlow());
        family(out, "betterbot_stream_events_sent_total", "counter", "Signal events written to stream clients.");
        sample(out, "betterbot_stream_events_sent_total", st.eventsSent());
        Load l = load.get();
        family(out, "betterbot_http_write_timeouts_total", "counter",
                "Connections closed because a write to the client blocked past HTTP_WRITE_TIMEOUT_SECONDS.");
        sample(out, "betterbot_http_write_timeouts_total", l.writeTimeouts());
        family(out, "betterbot_http_heavy_requests", "gauge",
                "Large listings and stream replays holding a heavy-work slot now.");
        sample(out, "betterbot_http_heavy_requests", l.heavyInProgress());
        family(out, "betterbot_http_heavy_refused_total", "counter",
                "Large listings and stream replays refused with 503 because every heavy-work slot was busy.");
        sample(out, "betterbot_http_heavy_refused_total", l.heavyRefused());

        family(out, "betterbot_start_time_seconds", "gauge", "When the HTTP API started, in Unix seconds.");
        sample(out, "betterbot_start_time_seconds", startedAt.toEpochMilli() / 1000.0);
        return out.toString();
    }

    private static void renderSources(StringBuilder out, List<SourceStatus> sources) {
        family(out, "betterbot_source_polls_total", "counter", "Polls of each upstream source since start.");
        sources.forEach(s -> sample(out, "betterbot_source_polls_total", s.polls(), "source", s.name()));
        family(out, "betterbot_source_failures_total", "counter", "Failed polls of each upstream source.");
        sources.forEach(s -> sample(out, "betterbot_source_failures_total", s.failures(), "source", s.name()));
        family(out, "betterbot_source_consecutive_failures", "gauge", "Failed polls since the last success.");
        sources.forEach(s -> sample(out, "betterbot_source_consecutive_failures", s.consecutiveFailures(),
                "source", s.name()));
        family(out, "betterbot_source_items_fetched_total", "counter", "Upstream items received from each source.");
        sources.forEach(s -> sample(out, "betterbot_source_items_fetched_total", s.itemsFetched(), "source",
                s.name()));
        family(out, "betterbot_source_items_skipped_total", "counter",
                "Malformed upstream items each source left out.");
        sources.forEach(s -> sample(out, "betterbot_source_items_skipped_total", s.itemsSkipped(), "source",
                s.name()));
        family(out, "betterbot_source_counter", "gauge",
                "What only one source counts (the market stream's books followed, books replaced by REST...).");
        for (SourceStatus s : sources) {
            s.counters().forEach((name, value) -> sample(out, "betterbot_source_counter", value, "source", s.name(),
                    "counter", name));
        }
        family(out, "betterbot_source_state", "gauge", "1 for the state each source is in (ok, degraded, down, disabled).");
        for (SourceStatus s : sources) {
            for (SourceStatus.State state : SourceStatus.State.values()) {
                sample(out, "betterbot_source_state", s.state() == state ? 1 : 0, "source", s.name(), "state",
                        state.wireName());
            }
        }
        family(out, "betterbot_source_last_success_timestamp_seconds", "gauge",
                "When each source last polled successfully, in Unix seconds (absent before the first success).");
        for (SourceStatus s : sources) {
            if (s.lastSuccess() != null) {
                sample(out, "betterbot_source_last_success_timestamp_seconds", s.lastSuccess().toEpochMilli() / 1000.0,
                        "source", s.name());
            }
        }
    }

    private static void renderDeliveries(StringBuilder out, List<DeliveryStatus> ds) {
        family(out, "betterbot_delivery_last_seq", "gauge", "The last seq each push destination is done with.");
        ds.forEach(d -> sample(out, "betterbot_delivery_last_seq", d.lastDeliveredSeq(), "destination", d.name()));
        family(out, "betterbot_delivery_lag_signals", "gauge", "Stored signals each destination has not taken yet.");
        ds.forEach(d -> sample(out, "betterbot_delivery_lag_signals", d.lagSignals(), "destination", d.name()));
        family(out, "betterbot_delivery_lag_seconds", "gauge",
                "How long the oldest signal waiting for each destination has waited.");
        ds.forEach(d -> sample(out, "betterbot_delivery_lag_seconds", d.lagSeconds(), "destination", d.name()));
        family(out, "betterbot_delivered_total", "counter", "Signals delivered to each destination since start.");
        ds.forEach(d -> sample(out, "betterbot_delivered_total", d.delivered(), "destination", d.name()));
        family(out, "betterbot_delivery_failures_total", "counter",
                "Failed delivery attempts (each retried) to each destination since start.");
        ds.forEach(d -> sample(out, "betterbot_delivery_failures_total", d.failures(), "destination", d.name()));
        family(out, "betterbot_delivery_undeliverable_total", "counter",
                "Signals each destination refused for good (a 4xx other than 408 and 429).");
        ds.forEach(d -> sample(out, "betterbot_delivery_undeliverable_total", d.undeliverable(), "destination",
                d.name()));
        family(out, "betterbot_delivery_expired_total", "counter",
                "Signals retention deleted before each destination took them.");
        ds.forEach(d -> sample(out, "betterbot_delivery_expired_total", d.expired(), "destination", d.name()));
        family(out, "betterbot_delivery_state", "gauge", "1 for the state each destination is in.");
        for (DeliveryStatus d : ds) {
            for (DeliveryStatus.State state : DeliveryStatus.State.values()) {
                sample(out, "betterbot_delivery_state", d.state() == state ? 1 : 0, "destination", d.name(), "state",
                        state.wireName());
            }
        }
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, long value, String... labels) {
        labels(out.append(name), labels).append(' ').append(value).append('\n');
    }

    private static void sample(StringBuilder out, String name, double value, String... labels) {
        labels(out.append(name), labels).append(' ').append(plain(value)).append('\n');
    }

    private static StringBuilder labels(StringBuilder out, String... labels) {
        if (labels.length == 0) {
            return out;
        }
        out.append('{');
        for (int i = 0; i < labels.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(labels[i]).append("=\"");
            escape(out, labels[i + 1]);
            out.append('"');
        }
        return out.append('}');
    }

    /** Label values escape backslash, double quote and line feed, as the format requires. */
    private static void escape(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    /** 0.0001 rather than 1.0E-4: both parse, this one reads. */
    static String plain(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
