package betterbot.signals.market;

import java.time.Instant;
import java.util.List;

/**
 * One Gamma market snapshot: a question with its outcome tokens (YES/NO for most markets). Unknown values are
 * null, never placeholders.
 *
 * @param id Gamma's market id
 * @param conditionId the CTF condition id, the key books and trades refer to
 * @param eventId the id of the market's (first) event; the event of a NegRisk outcome set
 * @param eventSlug the event's slug, the {@code market_slug} of event-level signals
 * @param endDate when the market is scheduled to end; may be stale (§5.1), so detectors check it against the clock
 * @param active Gamma's {@code active} flag (true when absent)
 * @param closed Gamma's {@code closed} flag (false when absent)
 * @param acceptingOrders Gamma's {@code acceptingOrders} flag (true when absent)
 * @param negRisk true for a market of a NegRisk event: exactly one market of the event resolves YES
 * @param negRiskMarketId the id shared by every market of a NegRisk event (Gamma's {@code negRiskMarketID})
 * @param negRiskAugmented the event is augmented: named outcomes, placeholders and an "Other" that may change
 * @param placeholder an unnamed placeholder outcome of an augmented event (see {@code UpstreamJson})
 * @param questionId Gamma's {@code questionID}; for a NegRisk market its last byte is the market's index in the event
 * @param outcomes outcome names in token order, e.g. ["Yes", "No"]
 * @param outcomePrices Gamma's displayed prices in token order (mid or last trade: never used for arbitrage)
 * @param tokenIds the CLOB token (asset) id of each outcome, in outcome order
 * @param volume24h USD volume of the last 24 h
 * @param volume1wk USD volume of the last 7 days
 * @param liquidity USD liquidity on the book
 * @param orderMinSize the smallest order, in shares, when Gamma gives it
 * @param tickSize the price increment, when Gamma gives it
 * @param fees the taker fee schedule; null when unknown (detectors then assume the configured default)
 */
public record Market(
        String id,
        String question,
        String conditionId,
        String slug,
        String eventId,
        String eventSlug,
        String eventTitle,
        Instant endDate,
        boolean active,
        boolean closed,
        boolean acceptingOrders,
        boolean negRisk,
        String negRiskMarketId,
        boolean negRiskAugmented,
        boolean placeholder,
        String questionId,
        String groupItemTitle,
        List<String> outcomes,
        List<Double> outcomePrices,
        List<String> tokenIds,
        Double volume24h,
        Double volume1wk,
        Double liquidity,
        Double bestBid,
        Double bestAsk,
        Double orderMinSize,
        Double tickSize,
        FeeSchedule fees) {

    public Market {
        if (conditionId == null || conditionId.isBlank()) {
            throw new IllegalArgumentException("a market needs a condition id");
        }
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
        outcomePrices = outcomePrices == null ? List.of() : List.copyOf(outcomePrices);
        tokenIds = tokenIds == null ? List.of() : List.copyOf(tokenIds);
    }

    /** Tradable now: not closed, active and accepting orders. The end date is checked separately. */
    public boolean isOpen() {
        return !closed && active && acceptingOrders;
    }

    /** The index of a token among this market's outcomes, or -1. */
    public int outcomeIndexOf(String tokenId) {
        return tokenIds.indexOf(tokenId);
    }

    /** The outcome name at an index, or null. */
    public String outcomeAt(int index) {
        return index >= 0 && index < outcomes.size() ? outcomes.get(index) : null;
    }

    /** The slug signals about this market carry: its slug, else its condition id. */
    public String slugOrId() {
        return slug != null ? slug : conditionId;
    }

    /** A readable title: the question, else the slug. */
    public String title() {
        return question != null ? question : slug;
    }
}
