package betterbot.signals.market.internal;

import static betterbot.signals.market.internal.JsonFields.text;

import betterbot.signals.Side;
import betterbot.signals.Source;
import betterbot.signals.market.Trade;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;

/**
 * What every upstream's trade rows share once read with their own field names: the rule for a usable fill, the
 * side, the outcome index and the activity rows that are not trades.
 */
public final class TradeRows {
    /** The Data API's "not applicable" outcome index; no market has this many outcomes. */
    public static final int NOT_APPLICABLE_INDEX = 999;

    private TradeRows() {
    }

    /** The fields of one fill as an upstream names them, read into domain types. */
    public record Fill(String transactionHash, String asset, String conditionId, String wallet, Side side, Double size,
                Double price, Instant timestamp, String outcome, Integer outcomeIndex, String slug, String eventSlug,
                String title) {
    }

    /**
     * The fill as a trade, or null when it cannot be one: a wallet, an asset, a side, a positive size, a price in
     * (0, 1] and a time are required.
     *
     * @param knownTaker the row answers a taker-only query: it is a known taker's fill
     */
    public static Trade trade(Fill f, Source source, boolean knownTaker) {
        if (f.wallet() == null || f.asset() == null || f.side() == null || f.size() == null || f.price() == null
                || f.timestamp() == null || f.size() <= 0 || f.price() <= 0 || f.price() > 1) {
            return null;
        }
        return new Trade(f.transactionHash(), f.asset(), f.conditionId(), f.wallet(), f.side(), f.size(), f.price(),
                f.timestamp(), f.outcome(), f.outcomeIndex(), f.slug(), f.eventSlug(), f.title(), source, knownTaker);
    }

    /** An activity row that is not a trade (REDEEM, SPLIT, MERGE...): no side, price 0, nothing to follow. */
    public static boolean notATrade(JsonNode row) {
        String type = row.isObject() ? text(row, "type") : null;
        return type != null && !type.equalsIgnoreCase("TRADE");
    }

    /**
     * An outcome index, or null when it is not one: 999 is the Data API's "not applicable" sentinel (every v2
     * trade carries it), and a negative or fractional value means nothing either. The detectors then take the
     * index from the market's token list.
     */
    public static Integer outcomeIndex(Double index) {
        if (index == null || index < 0 || index >= NOT_APPLICABLE_INDEX || index != Math.rint(index)) {
            return null;
        }
        return index.intValue();
    }

    public static Side side(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "BUY" -> Side.BUY;
            case "SELL" -> Side.SELL;
            default -> null;
        };
    }
}
