package betterbot.signals.detection.internal;

import betterbot.signals.Side;
import betterbot.signals.SignalJson;
import betterbot.signals.Source;
import betterbot.signals.market.Trade;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A forming cluster as kept in the detection state: its trades (every field, so they judge as before), tier. */
final class WindowCodec implements StateMap.Codec<WhaleClusterDetector.Window> {
    private final long keepMillis;

    WindowCodec(long keepMillis) {
        this.keepMillis = keepMillis;
    }

    @Override
    public String encode(WhaleClusterDetector.Window w) {
        ObjectNode o = SignalJson.mapper().createObjectNode();
        o.put("newest", w.newest);
        if (w.formedAt != null) {
            o.put("formed_at", w.formedAt.toEpochMilli());
        }
        o.put("reported_tier", w.reportedTier);
        ArrayNode trades = o.putArray("trades");
        for (Trade t : w.trades) {
            ObjectNode n = trades.addObject();
            n.put("tx", t.transactionHash());
            n.put("asset", t.assetId());
            n.put("condition", t.conditionId());
            n.put("wallet", t.wallet());
            n.put("side", t.side().name());
            n.put("size", t.size());
            n.put("price", t.price());
            n.put("time", t.timestamp().toEpochMilli());
            n.put("outcome", t.outcome());
            if (t.outcomeIndex() != null) {
                n.put("outcome_index", t.outcomeIndex());
            }
            n.put("slug", t.slug());
            n.put("event_slug", t.eventSlug());
            n.put("title", t.title());
            n.put("source", t.source().wireName());
            n.put("taker", t.knownTaker());
        }
        return o.toString();
    }

    @Override
    public WhaleClusterDetector.Window decode(String text) {
        JsonNode o;
        try {
            o = SignalJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a cluster window: " + e.getOriginalMessage(), e);
        }
        WhaleClusterDetector.Window w = new WhaleClusterDetector.Window();
        w.newest = o.path("newest").asLong();
        w.formedAt = o.hasNonNull("formed_at") ? Instant.ofEpochMilli(o.get("formed_at").asLong()) : null;
        w.reportedTier = o.path("reported_tier").asInt();
        for (JsonNode n : o.path("trades")) {
            w.trades.add(new Trade(text(n, "tx"), text(n, "asset"), text(n, "condition"), text(n, "wallet"),
                    Side.valueOf(n.path("side").asText()), n.path("size").asDouble(), n.path("price").asDouble(),
                    Instant.ofEpochMilli(n.path("time").asLong()), text(n, "outcome"),
                    n.hasNonNull("outcome_index") ? n.get("outcome_index").asInt() : null, text(n, "slug"),
                    text(n, "event_slug"), text(n, "title"), Source.fromWire(n.path("source").asText()),
                    n.path("taker").asBoolean(true)));
        }
        return w;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public long expiresAt(WhaleClusterDetector.Window w) {
        return w.newest + keepMillis;
    }

    @Override
    public WhaleClusterDetector.Window copy(WhaleClusterDetector.Window w) {
        return w.copy();
    }
}
