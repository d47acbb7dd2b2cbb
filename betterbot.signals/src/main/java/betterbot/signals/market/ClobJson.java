package betterbot.signals.market;

import static betterbot.signals.market.internal.JsonFields.eachRow;
import static betterbot.signals.market.internal.JsonFields.array;
import static betterbot.signals.market.internal.JsonFields.instant;
import static betterbot.signals.market.internal.JsonFields.number;
import static betterbot.signals.market.internal.JsonFields.text;
import static betterbot.signals.market.internal.JsonFields.tree;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses CLOB order books (see docs/domain.md, Upstream: CLOB): the {@code POST /books} array, levels with prices
 * and sizes as strings. A malformed book is left out and counted in {@link Parsed#skipped()}; only a body that is
 * not the expected shape at all throws {@link IllegalArgumentException}. Thread-safe and stateless.
 */
public final class ClobJson {
    private ClobJson() {
    }

    /** Parses a CLOB {@code POST /books} response (a JSON array of books). */
    public static Parsed<OrderBook> books(String json) {
        return books(tree(json));
    }

    /** Parses a CLOB {@code POST /books} response (a JSON array of books); a single book object is accepted too. */
    public static Parsed<OrderBook> books(JsonNode body) {
        Iterable<JsonNode> items = body != null && body.isObject() && body.has("asset_id") ? List.of(body)
                : array(body, "CLOB books");
        return eachRow(items, ClobJson::book);
    }

    private static OrderBook book(JsonNode b) {
        if (!b.isObject()) {
            return null;
        }
        try {
            String asset = text(b, "asset_id", "assetId", "token_id");
            if (asset == null) {
                return null;
            }
            List<BookLevel> bids = levels(b.get("bids"));
            List<BookLevel> asks = levels(b.get("asks"));
            if (bids == null || asks == null) {
                return null;
            }
            return new OrderBook(text(b, "market", "condition_id", "conditionId"), asset, instant(b, "timestamp"),
                    bids, asks, number(b, "min_order_size", "minOrderSize"), number(b, "tick_size", "tickSize"),
                    text(b, "hash"));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The levels of one side; empty when absent, null when present but malformed (one bad level spoils the book). */
    private static List<BookLevel> levels(JsonNode side) {
        if (side == null || side.isNull()) {
            return List.of();
        }
        if (!side.isArray()) {
            return null;
        }
        List<BookLevel> out = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            Double price = number(level, "price");
            Double size = number(level, "size");
            if (price == null || size == null || price < 0 || price > 1 || size < 0) {
                return null;
            }
            out.add(new BookLevel(price, size));
        }
        return out;
    }
}
