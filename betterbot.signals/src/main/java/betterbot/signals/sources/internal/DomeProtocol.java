package betterbot.signals.sources.internal;

import betterbot.signals.SignalJson;
import betterbot.signals.market.DomeJson;
import betterbot.signals.market.Parsed;
import betterbot.signals.market.Trade;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of the Dome-compatible order stream (see docs/domain.md, Upstream: Dome): the subscribe frames
 * the client sends, and what each text message from the server is. Stateless.
 */
final class DomeProtocol {
    private DomeProtocol() {
    }

    /** What one server message is. */
    sealed interface Message {
        /** An order event: its orders as trades, and how many of them could not be read. */
        record Orders(List<Trade> trades, int malformed) implements Message {
        }

        /** A subscription acknowledged with its id. */
        record Acknowledged(String subscriptionId) implements Message {
        }

        /** The upstream reports an error (it may echo what it was sent: redact before showing). */
        record UpstreamError() implements Message {
        }

        /** Not a JSON object. */
        record Unreadable() implements Message {
        }

        /** Anything else, e.g. an informational message. */
        record Other() implements Message {
        }
    }

    /** One subscribe message per chunk of at most {@code maxUsers} wallets, in wallet order. */
    static List<String> subscribeMessages(List<String> wallets, int maxUsers) {
        List<String> out = new ArrayList<>();
        for (int from = 0; from < wallets.size(); from += maxUsers) {
            ObjectNode msg = SignalJson.mapper().createObjectNode();
            msg.put("action", "subscribe").put("platform", "polymarket").put("version", 1).put("type", "orders");
            ArrayNode users = msg.putObject("filters").putArray("users");
            wallets.subList(from, Math.min(from + maxUsers, wallets.size())).forEach(users::add);
            out.add(msg.toString());
        }
        return List.copyOf(out);
    }

    /** Reads one complete text message. */
    static Message read(String text) {
        JsonNode msg;
        try {
            msg = SignalJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            msg = null;
        }
        if (msg == null || !msg.isObject()) {
            return new Message.Unreadable();
        }
        String type = text(msg, "type");
        if ("event".equals(type)) {
            return orders(msg.get("data"));
        }
        if ("error".equals(type) || msg.has("error")) {
            return new Message.UpstreamError();
        }
        String subscription = text(msg, "subscription_id");
        return subscription != null ? new Message.Acknowledged(subscription) : new Message.Other();
    }

    /** An event's {@code data}: one order, or an array of them. */
    private static Message.Orders orders(JsonNode data) {
        Parsed<Trade> orders = DomeJson.orders(data);
        return new Message.Orders(orders.rows(), orders.skipped());
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }
}
