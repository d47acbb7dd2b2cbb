package betterbot.http.internal;

import betterbot.http.PerformanceReport;
import betterbot.signals.IsoTime;
import betterbot.signals.grading.Entry;
import betterbot.signals.grading.Grade;
import betterbot.signals.grading.GradeRecord;
import betterbot.signals.grading.Horizon;
import betterbot.signals.grading.OutcomeFilter;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The track record: {@code GET /api/performance} (see docs/api.md, Performance), and how a signal's grades are
 * written into its own answer.
 */
final class GradeRoutes {
    static final Set<String> PERFORMANCE_PARAMS = Set.of("type", "source", "since", "min_confidence", "horizon");

    private final GradeRecord grades;
    private final HeavyWork heavy;
    private final Clock clock;

    GradeRoutes(GradeRecord grades, HeavyWork heavy, Clock clock) {
        this.grades = grades;
        this.heavy = heavy;
        this.clock = clock;
    }

    void register(Router router) {
        router.add("/api/performance", PERFORMANCE_PARAMS, this::performance);
    }

    /** Reads every graded outcome of the horizon: heavy work, admitted like a large listing. */
    private void performance(Exchange exchange) throws IOException {
        SignalFilter f = SignalFilter.from(exchange, null);
        if (f.type() != null && !Entry.GRADED_TYPES.contains(f.type())) {
            throw ApiError.badParameter("type", "type " + f.type() + " recommends no side and is not graded; graded"
                    + " types: " + String.join(", ", Entry.GRADED_TYPES));
        }
        Horizon horizon = horizon(exchange.param("horizon"));
        OutcomeFilter filter = new OutcomeFilter(f.type(), f.source() == null ? null : f.source().wireName(),
                f.since(), f.minConfidence());
        PerformanceReport report;
        try (HeavyWork.Slot slot = heavy.admit()) {
            report = PerformanceReport.of(grades, horizon, filter, clock.instant());
        }
        exchange.sendJson(200, report::writeTo);
    }

    private static Horizon horizon(String raw) {
        if (raw == null) {
            return Horizon.SETTLEMENT;
        }
        try {
            return Horizon.parse(raw);
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter("horizon", "horizon must be settlement or a duration such as 1h or 24h, got '"
                    + Exchange.shown(raw) + "'");
        }
    }

    /** {@code "grades": [...]}: one entry per horizon, then settlement (see docs/api.md, Grades). */
    static void writeGrades(JsonGenerator g, List<Grade> grades) throws IOException {
        g.writeArrayFieldStart("grades");
        for (Grade grade : grades) {
            g.writeStartObject();
            g.writeStringField("horizon", grade.horizon().wireName());
            g.writeStringField("state", grade.state().wireName());
            time(g, "due_at", grade.dueAt());
            time(g, "graded_at", grade.gradedAt());
            time(g, "observed_at", grade.observedAt());
            number(g, "price", grade.price());
            number(g, "return", grade.returnPerDollar());
            if (grade.hit() == null) {
                g.writeNullField("hit");
            } else {
                g.writeBooleanField("hit", grade.hit());
            }
            if (grade.pnlUsd() != null) {
                g.writeNumberField("pnl_usd", grade.pnlUsd());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void time(JsonGenerator g, String field, Instant t) throws IOException {
        if (t == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, IsoTime.format(t));
        }
    }

    private static void number(JsonGenerator g, String field, Double v) throws IOException {
        if (v == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
    }
}
