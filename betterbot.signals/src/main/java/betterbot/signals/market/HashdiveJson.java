package betterbot.signals.market;

import static betterbot.signals.market.internal.JsonFields.eachRow;
import static betterbot.signals.market.internal.JsonFields.instant;
import static betterbot.signals.market.internal.JsonFields.number;
import static betterbot.signals.market.internal.JsonFields.text;
import static betterbot.signals.market.internal.JsonFields.tree;

import betterbot.signals.Source;
import betterbot.signals.market.internal.TradeRows;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Parses Hashdive's latest whale trades (see docs/domain.md, Upstream: Hashdive): a bare array or
 * {@code {data:[...]}} of snake_case rows ({@code user_address}, {@code shares}, {@code market_title}, numbers as
 * strings). The rows of a whale list are taken as taker fills: Hashdive does not say, and without that they would
 * feed no whale detector. A malformed row is left out and counted; activity rows that are not trades are left out
 * uncounted. Thread-safe and stateless.
 */
public final class HashdiveJson {
    private HashdiveJson() {
    }

    /** Parses a {@code /get_latest_whale_trades} answer; throws {@link IllegalArgumentException} on another shape. */
    public static Parsed<Trade> trades(String json) {
        return trades(tree(json));
    }

    /** Parses a {@code /get_latest_whale_trades} answer already read as JSON (a replay line's body). */
    public static Parsed<Trade> trades(JsonNode body) {
        JsonNode rows = body != null && body.isObject() ? body.get("data") : body;
        if (rows == null || !rows.isArray()) {
            throw new IllegalArgumentException("expected an array of trades or {data:[...]}");
        }
        return eachRow(rows, TradeRows::notATrade, HashdiveJson::trade);
    }

    private static Trade trade(JsonNode t) {
        if (!t.isObject()) {
            return null;
        }
        try {
            return TradeRows.trade(new TradeRows.Fill(text(t, "transaction_hash", "transactionHash"),
                    text(t, "asset_id", "token_id", "asset", "tokenId"), text(t, "condition_id", "conditionId"),
                    text(t, "user_address", "proxyWallet", "proxy_wallet"), TradeRows.side(text(t, "side")),
                    number(t, "shares", "size"), number(t, "price"), instant(t, "timestamp"), text(t, "outcome"),
                    TradeRows.outcomeIndex(number(t, "outcome_index", "outcomeIndex")), text(t, "slug"),
                    text(t, "event_slug", "eventSlug"), text(t, "market_title", "title")), Source.HASHDIVE, true);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
