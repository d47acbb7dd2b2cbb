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
 * @param endDate when the market is scheduled to end; may be stale (docs/domain.md, Upstream: Gamma), so
 *                detectors check it against the clock
 * @param active Gamma's {@code active} flag (true when absent)
 * @param closed Gamma's {@code closed} flag (false when absent)
 * @param acceptingOrders Gamma's {@code acceptingOrders} flag (true when absent)
 * @param negRisk true for a market of a NegRisk event: exactly one market of the event resolves YES
 * @param negRiskMarketId the id shared by every market of a NegRisk event (Gamma's {@code negRiskMarketID})
 * @param negRiskAugmented the event is augmented: named outcomes, placeholders and an "Other" that may change
 * @param placeholder an unnamed placeholder outcome of an augmented event (see {@code GammaJson})
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
 * @param startDate when the market's life began: Gamma's {@code startDate}, else its {@code createdAt}; null when unknown
 * @param gameStartTime a sports market's kick-off ({@code gameStartTime}); null for other markets
 * @param sportsMarketType {@code moneyline}, {@code totals}, {@code spreads}...; null for other markets
 * @param umaResolutionStatus the state of the market's UMA resolution ({@code proposed}, {@code disputed},
 *                            {@code resolved}); null while none has started
 * @param eventLive the market's event says its game is being played ({@code live})
 * @param eventEnded the market's event says it has ended ({@code ended}): its result is known or being settled
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
        FeeSchedule fees,
        Instant startDate,
        Instant gameStartTime,
        String sportsMarketType,
        String umaResolutionStatus,
        boolean eventLive,
        boolean eventEnded) {

    /** How a market resolved, as far as Gamma shows it. */
    public enum Resolution {
        /** Not closed: still trading, or at least not settled. */
        UNRESOLVED,
        /** Closed with the first outcome (YES) paying 1. */
        YES,
        /** Closed with the second outcome (NO) paying 1. */
        NO,
        /** Closed, but its prices do not say which outcome won. */
        UNKNOWN
    }

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

    /**
     * The resolution of a closed two-outcome market: its {@code outcomePrices} are exactly [1, 0] (YES won) or
     * [0, 1] (NO won); anything else is unknown.
     */
    public Resolution resolution() {
        if (!closed) {
            return Resolution.UNRESOLVED;
        }
        if (outcomePrices.size() == 2) {
            double first = outcomePrices.get(0);
            double second = outcomePrices.get(1);
            if (first == 1 && second == 0) {
                return Resolution.YES;
            }
            if (first == 0 && second == 1) {
                return Resolution.NO;
            }
        }
        return Resolution.UNKNOWN;
    }

    /** A sports market: Gamma gives it a kick-off time or a sports market type. */
    public boolean isSports() {
        return gameStartTime != null || sportsMarketType != null;
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
