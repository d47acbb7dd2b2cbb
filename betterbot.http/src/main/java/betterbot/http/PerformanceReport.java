package betterbot.http;

import betterbot.signals.IsoTime;
import betterbot.signals.SignalJson;
import betterbot.signals.grading.CalibrationRow;
import betterbot.signals.grading.GradeRecord;
import betterbot.signals.grading.Horizon;
import betterbot.signals.grading.Interval;
import betterbot.signals.grading.OutcomeFilter;
import betterbot.signals.grading.Performance;
import betterbot.signals.grading.TrackRecord;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The track record of every graded signal type at one horizon, as {@code GET /api/performance} answers it and
 * {@code betterbot db performance} prints it (see docs/api.md, Performance, and docs/grading.md, Track record).
 *
 * @param byType one record per gradable type, in the order of the signal types (only the filtered type when the
 *               filter names one); a type with nothing graded is present with graded 0 and nulls
 */
public record PerformanceReport(Horizon horizon, Instant generatedAt, Map<String, Performance> byType) {

    /** The report of the outcomes of {@code horizon} that pass {@code filter}. */
    public static PerformanceReport of(GradeRecord grades, Horizon horizon, OutcomeFilter filter, Instant now) {
        Map<String, Performance> all = TrackRecord.byType(grades.outcomes(horizon, filter));
        Map<String, Performance> byType = new LinkedHashMap<>();
        all.forEach((type, p) -> {
            if (filter.signalType() == null || filter.signalType().equals(type)) {
                byType.put(type, p);
            }
        });
        return new PerformanceReport(horizon, now, byType);
    }

    /** {@code {"horizon", "generated_at", "by_type": {"<type>": {...}}}}. */
    public void writeTo(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("horizon", horizon.wireName());
        g.writeStringField("generated_at", IsoTime.format(generatedAt));
        g.writeObjectFieldStart("by_type");
        for (Performance p : byType.values()) {
            g.writeObjectFieldStart(p.signalType());
            g.writeNumberField("graded", p.graded());
            g.writeNumberField("hits", p.hits());
            number(g, "hit_rate", p.hitRate());
            interval(g, "hit_rate_interval", p.hitRateInterval());
            number(g, "mean_return", p.meanReturn());
            interval(g, "mean_return_interval", p.meanReturnInterval());
            number(g, "brier", p.brier());
            g.writeNumberField("sized", p.sized());
            number(g, "pnl_usd", p.totalPnlUsd());
            g.writeArrayFieldStart("buckets");
            for (CalibrationRow r : p.calibration()) {
                g.writeStartObject();
                g.writeNumberField("confidence_low", r.confidenceLow());
                g.writeNumberField("confidence_high", r.confidenceHigh());
                g.writeNumberField("graded", r.graded());
                number(g, "observed_frequency", r.observedFrequency());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** The report as one line of JSON. */
    public String toJson() {
        StringWriter out = new StringWriter(2048);
        try (JsonGenerator g = SignalJson.mapper().getFactory().createGenerator(out)) {
            writeTo(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Figures rounded to 6 decimals: more would be noise in a rate or a mean of a few hundred grades. */
    private static void number(JsonGenerator g, String field, Double v) throws IOException {
        if (v == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, Math.round(v * 1e6) / 1e6);
        }
    }

    private static void interval(JsonGenerator g, String field, Interval i) throws IOException {
        if (i == null) {
            g.writeNullField(field);
            return;
        }
        g.writeArrayFieldStart(field);
        g.writeNumber(Math.round(i.low() * 1e6) / 1e6);
        g.writeNumber(Math.round(i.high() * 1e6) / 1e6);
        g.writeEndArray();
    }
}
