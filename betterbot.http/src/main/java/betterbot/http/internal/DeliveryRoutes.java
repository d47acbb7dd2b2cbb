package betterbot.http.internal;

import betterbot.signals.IsoTime;
import betterbot.signals.delivery.DeliveryStatus;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** {@code GET /api/deliveries}: each push destination's state, cursor, lag and failures (see docs/api.md). */
final class DeliveryRoutes {
    private final Supplier<List<DeliveryStatus>> deliveries;

    DeliveryRoutes(Supplier<List<DeliveryStatus>> deliveries) {
        this.deliveries = deliveries;
    }

    void register(Router router) {
        router.add("/api/deliveries", Set.of(), this::list);
    }

    private void list(Exchange exchange) throws IOException {
        List<DeliveryStatus> statuses = deliveries.get();
        exchange.sendJson(200, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("destinations");
            for (DeliveryStatus s : statuses) {
                write(g, s);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** One destination's object, as the listing and {@code /health} show it. */
    static void write(JsonGenerator g, DeliveryStatus s) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeStringField("kind", s.kind().wireName());
        g.writeStringField("url", s.url());
        g.writeStringField("state", s.state().wireName());
        g.writeNumberField("last_delivered_seq", s.lastDeliveredSeq());
        g.writeNumberField("lag_signals", s.lagSignals());
        g.writeNumberField("lag_seconds", s.lagSeconds());
        g.writeNumberField("delivered", s.delivered());
        g.writeNumberField("failures", s.failures());
        g.writeNumberField("consecutive_failures", s.consecutiveFailures());
        g.writeNumberField("undeliverable", s.undeliverable());
        g.writeNumberField("expired", s.expired());
        if (s.lastDeliveredAt() == null) {
            g.writeNullField("last_delivered_at");
        } else {
            g.writeStringField("last_delivered_at", IsoTime.format(s.lastDeliveredAt()));
        }
        if (s.lastError() == null) {
            g.writeNullField("last_error");
        } else {
            g.writeStringField("last_error", s.lastError());
        }
        g.writeEndObject();
    }
}
