package betterbot.signals.market;

import static betterbot.signals.market.internal.JsonFields.field;
import static betterbot.signals.market.internal.JsonFields.instant;
import static betterbot.signals.market.internal.JsonFields.number;
import static betterbot.signals.market.internal.JsonFields.text;

import betterbot.signals.Source;
import betterbot.signals.market.internal.TradeRows;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the orders of the Dome-compatible stream (see docs/domain.md, Upstream: Dome): an order event's
 * {@code data} ({@code user}, {@code token_id}, {@code tx_hash}, {@code token_label}, numbers as strings, seconds or
 * milliseconds). A tracked wallet's orders mix maker and taker fills, so none is a known taker's. Thread-safe and
 * stateless.
 */
public final class DomeJson {
    /** Dome's raw {@code shares} are millionths of a share. */
    private static final int SHARE_DECIMALS = 6;

    private DomeJson() {
    }

    /**
     * The orders of an order event's {@code data}: one order or an array of them; a malformed one is left out and
     * counted.
     */
    public static Parsed<Trade> orders(JsonNode data) {
        List<JsonNode> items = new ArrayList<>();
        if (data != null && data.isArray()) {
            data.forEach(items::add);
        } else {
            items.add(data);
        }
        List<Trade> trades = new ArrayList<>(items.size());
        int malformed = 0;
        for (JsonNode d : items) {
            Trade t = order(d);
            if (t == null) {
                malformed++;
            } else {
                trades.add(t);
            }
        }
        return new Parsed<>(trades, malformed);
    }

    /** One order as a trade; null when it is malformed. */
    public static Trade order(JsonNode d) {
        if (d == null || !d.isObject()) {
            return null;
        }
        try {
            return TradeRows.trade(new TradeRows.Fill(text(d, "tx_hash"), text(d, "token_id"),
                    text(d, "condition_id"), text(d, "user"), TradeRows.side(text(d, "side")), shares(d),
                    number(d, "price"), instant(d, "timestamp"), text(d, "token_label"), null,
                    text(d, "market_slug"), null, text(d, "title")), Source.DOME, false);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code shares_normalized} when given, else the raw {@code shares} scaled down. */
    private static Double shares(JsonNode d) {
        if (field(d, "shares_normalized") != null) {
            return number(d, "shares_normalized");
        }
        String raw = text(d, "shares");
        if (raw == null) {
            return null;
        }
        double shares = new BigDecimal(raw).movePointLeft(SHARE_DECIMALS).doubleValue();
        if (!Double.isFinite(shares)) {
            throw new IllegalArgumentException("not a finite number: " + raw);
        }
        return shares;
    }
}
