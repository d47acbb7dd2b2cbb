package betterbot.signals.market;

import static betterbot.signals.market.internal.JsonFields.eachRow;
import static betterbot.signals.market.internal.JsonFields.array;
import static betterbot.signals.market.internal.JsonFields.instant;
import static betterbot.signals.market.internal.JsonFields.number;
import static betterbot.signals.market.internal.JsonFields.text;
import static betterbot.signals.market.internal.JsonFields.tree;

import betterbot.signals.Source;
import betterbot.signals.market.internal.TradeRows;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Parses Data API trades and activity pages from Polymarket (see docs/domain.md, Upstream: Data API): v1's bare
 * array or v2's {@code {data:[...], pagination:{...}}} with snake_case rows, numbers as strings. A malformed row
 * is left out and counted in {@link Parsed#skipped()}; only a body that is not the expected shape at all (not
 * JSON, an upstream error object) throws {@link IllegalArgumentException}. Thread-safe and stateless.
 */
public final class DataApiJson {
    private DataApiJson() {
    }

    /** Parses a Data API trades page from Polymarket, as the API answers by default ({@code takerOnly=true}). */
    public static Parsed<Trade> trades(String json) {
        return trades(json, true);
    }

    /**
     * Parses a Data API trades page from Polymarket: v1 (bare array) or v2 ({@code {data:[...]}}).
     *
     * @param takerOnly the page answers a taker-only query ({@code takerOnly=true}): its fills are known takers'
     */
    public static Parsed<Trade> trades(String json, boolean takerOnly) {
        return trades(tree(json), Source.POLYMARKET, takerOnly);
    }

    /**
     * Parses a Data API trades or activity page: v1 (bare array) or v2 ({@code {data:[...]}}; {@code data: null}
     * is an empty page). Activity rows that are not trades (a {@code type} other than {@code TRADE}: REDEEM,
     * SPLIT, MERGE...) are left out without counting as malformed.
     *
     * @param takerOnly the page answers a taker-only query: its fills are known takers'
     */
    public static Parsed<Trade> trades(JsonNode body, Source source, boolean takerOnly) {
        JsonNode rowsNode = body;
        if (body != null && body.isObject()) {
            if (body.has("error")) {
                throw new IllegalArgumentException("the Data API answered an error: " + body.path("error").asText()
                        + (body.has("code") ? " (" + body.path("code").asText() + ")" : ""));
            }
            rowsNode = body.get("data");
            if (rowsNode != null && rowsNode.isNull()) {
                return new Parsed<>(List.of(), 0); // v2's normal empty page
            }
        }
        return eachRow(array(rowsNode, "Data API trades"), TradeRows::notATrade,
                row -> trade(row, source, takerOnly));
    }

    private static Trade trade(JsonNode t, Source source, boolean takerOnly) {
        if (!t.isObject()) {
            return null;
        }
        try {
            return TradeRows.trade(new TradeRows.Fill(text(t, "transactionHash", "transaction_hash"),
                    text(t, "asset", "token_id", "asset_id", "tokenId"), text(t, "conditionId", "condition_id"),
                    text(t, "proxyWallet", "proxy_wallet"), TradeRows.side(text(t, "side")), number(t, "size"),
                    number(t, "price"), instant(t, "timestamp"), text(t, "outcome"),
                    TradeRows.outcomeIndex(number(t, "outcomeIndex", "outcome_index")), text(t, "slug"),
                    text(t, "eventSlug", "event_slug"), text(t, "title")), source, takerOnly);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
