package betterbot.signals.sources.internal;

import static betterbot.signals.market.internal.JsonFields.text;

import betterbot.signals.SignalJson;
import betterbot.signals.market.ClobJson;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Parsed;
import betterbot.signals.market.internal.JsonFields;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of the CLOB market WebSocket (see docs/domain.md, Upstream: CLOB market stream): the subscribe
 * frames the client sends, at most {@link #MAX_IDS_PER_FRAME} token ids each, and what a server frame holds. A
 * frame holds one message object or an array of them; each message is read on its own, so one malformed message
 * (or one malformed change inside a {@code price_change}) costs only itself. Stateless.
 */
final class MarketStreamProtocol {
    /** A frame with thousands of ids makes the server close the socket: never more than this per frame. */
    static final int MAX_IDS_PER_FRAME = 100;
    static final String PING = "PING";
    static final String PONG = "PONG";

    private MarketStreamProtocol() {
    }

    /** What a frame held, in order. */
    sealed interface Event {
        /** A full book ({@code book}): replaces whatever was known of the token. */
        record Snapshot(OrderBook book) implements Event {
        }

        /** One level of one token changed ({@code price_change}); size 0 removes the level. */
        record LevelChange(String assetId, boolean bid, double price, double size, Instant timestamp)
                implements Event {
        }

        /** The token's tick size changed ({@code tick_size_change}). */
        record TickSize(String assetId, double tickSize, Instant timestamp) implements Event {
        }
    }

    /**
     * One frame read.
     *
     * @param events the book events, in the frame's order
     * @param ignored messages understood but not about books ({@code last_trade_price}, {@code best_bid_ask},
     *                {@code new_market}, {@code market_resolved}, {@code PONG})
     * @param malformed messages or changes that could not be read, left out
     */
    record Frame(List<Event> events, int ignored, int malformed) {
    }

    /** The first frame of a connection: the market channel with its first ids. */
    static String firstFrame(List<String> ids) {
        ObjectNode msg = SignalJson.mapper().createObjectNode();
        ids(msg, ids);
        msg.put("type", "market").put("custom_feature_enabled", true);
        return msg.toString();
    }

    /** Frames that subscribe or unsubscribe {@code ids} on an open connection, at most 100 ids each. */
    static List<String> operationFrames(List<String> ids, boolean subscribe) {
        List<String> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += MAX_IDS_PER_FRAME) {
            ObjectNode msg = SignalJson.mapper().createObjectNode();
            ids(msg, ids.subList(from, Math.min(from + MAX_IDS_PER_FRAME, ids.size())));
            msg.put("operation", subscribe ? "subscribe" : "unsubscribe");
            out.add(msg.toString());
        }
        return out;
    }

    /** Every frame a new connection sends for {@code ids}: the first frame, then subscribe operations. */
    static List<String> connectFrames(List<String> ids) {
        List<String> out = new ArrayList<>();
        out.add(firstFrame(ids.subList(0, Math.min(MAX_IDS_PER_FRAME, ids.size()))));
        if (ids.size() > MAX_IDS_PER_FRAME) {
            out.addAll(operationFrames(ids.subList(MAX_IDS_PER_FRAME, ids.size()), true));
        }
        return out;
    }

    private static void ids(ObjectNode msg, List<String> ids) {
        ArrayNode array = msg.putArray("assets_ids");
        ids.forEach(array::add);
    }

    /** Reads one complete text frame. */
    static Frame read(String text) {
        if (PONG.equals(text.strip())) {
            return new Frame(List.of(), 1, 0);
        }
        JsonNode root;
        try {
            root = SignalJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !(root.isObject() || root.isArray())) {
            return new Frame(List.of(), 0, 1);
        }
        List<Event> events = new ArrayList<>();
        int[] counts = new int[2]; // ignored, malformed
        if (root.isArray()) {
            for (JsonNode message : root) {
                message(message, events, counts);
            }
        } else {
            message(root, events, counts);
        }
        return new Frame(events, counts[0], counts[1]);
    }

    private static void message(JsonNode m, List<Event> out, int[] counts) {
        if (!m.isObject()) {
            counts[1]++;
            return;
        }
        String type = text(m, "event_type");
        if (type == null) {
            counts[1]++;
            return;
        }
        switch (type) {
            case "book" -> {
                Parsed<OrderBook> parsed = ClobJson.books(withLegacySides(m));
                if (parsed.rows().isEmpty()) {
                    counts[1]++;
                } else {
                    out.add(new Event.Snapshot(parsed.rows().get(0)));
                }
            }
            case "price_change" -> priceChanges(m, out, counts);
            case "tick_size_change" -> {
                String asset = text(m, "asset_id");
                Double tick = number(m, "new_tick_size");
                if (asset == null || tick == null || tick <= 0 || tick >= 1) {
                    counts[1]++;
                } else {
                    out.add(new Event.TickSize(asset, tick, millis(m)));
                }
            }
            default -> counts[0]++; // last_trade_price, best_bid_ask, new_market, market_resolved, ...
        }
    }

    /** Early versions of the channel named the sides {@code buys} and {@code sells}. */
    private static JsonNode withLegacySides(JsonNode m) {
        if (m.has("bids") || m.has("asks") || !(m.has("buys") || m.has("sells"))) {
            return m;
        }
        ObjectNode copy = ((ObjectNode) m).deepCopy();
        copy.set("bids", m.get("buys"));
        copy.set("asks", m.get("sells"));
        return copy;
    }

    private static void priceChanges(JsonNode m, List<Event> out, int[] counts) {
        Instant at = millis(m);
        JsonNode changes = m.get("price_changes");
        if (changes == null || !changes.isArray()) {
            counts[1]++;
            return;
        }
        for (JsonNode c : changes) {
            String asset = text(c, "asset_id");
            Double price = number(c, "price");
            Double size = number(c, "size");
            String side = text(c, "side");
            boolean bid = "BUY".equalsIgnoreCase(side);
            if (asset == null || price == null || size == null || price < 0 || price > 1 || size < 0
                    || !(bid || "SELL".equalsIgnoreCase(side))) {
                counts[1]++;
                continue;
            }
            out.add(new Event.LevelChange(asset, bid, price, size, at));
        }
    }

    /** The message's {@code timestamp}: epoch milliseconds, as a string or a number; null when absent or bad. */
    private static Instant millis(JsonNode m) {
        JsonNode v = m.get("timestamp");
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        try {
            long ms = v.isNumber() ? v.asLong() : Long.parseLong(v.asText().strip());
            return ms <= 0 ? null : Instant.ofEpochMilli(ms);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A number field; null when absent or unreadable (the change it belongs to is then malformed). */
    private static Double number(JsonNode node, String name) {
        try {
            return JsonFields.number(node, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
