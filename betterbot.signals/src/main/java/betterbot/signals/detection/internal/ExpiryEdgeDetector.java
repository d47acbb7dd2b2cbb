package betterbot.signals.detection.internal;

import betterbot.signals.Details;
import betterbot.signals.RecommendedAction;
import betterbot.signals.Side;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.market.Market;
import java.time.Instant;
import java.util.List;

/**
 * {@code expiry_edge}: an open market that ends within {@code EXPIRY_MAX_HOURS} (0 &lt; h ≤ max) with a favourite
 * priced at least {@code EXPIRY_MIN_PRICE} and below {@code EXPIRY_MAX_PRICE}, and liquidity of at least
 * {@code MIN_LIQUIDITY_USD}: a result that is close and still uncertain. Gamma's flags and end dates can be
 * stale: a closed, inactive or not-accepting market is skipped, and so is one whose end date is already past,
 * however "active" it claims to be. Never an edge:
 * <ul>
 *   <li>a sports market whose game has not started (kick-off in the future), or whose end date is its kick-off
 *       or earlier (then the end date says nothing about when the result is known); a sports market with no
 *       kick-off time counts only while its event is live;</li>
 *   <li>a market whose result is being settled: a UMA resolution proposed, disputed or resolved, or its event
 *       ended;</li>
 *   <li>a favourite at {@code EXPIRY_MAX_PRICE} or above: the settlement-sweep level, nothing left to win.</li>
 * </ul>
 * One signal per market ({@code expiry_edge:<id>}).
 */
final class ExpiryEdgeDetector implements MarketDetector {
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private final DetectionConfig config;

    ExpiryEdgeDetector(DetectionConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return SignalType.EXPIRY_EDGE;
    }

    @Override
    public void onMarket(Market m, Instant capturedAt, List<Detection> out) {
        if (!m.isOpen() || m.endDate() == null || beingSettled(m) || !underway(m, capturedAt)) {
            return;
        }
        long millisLeft = m.endDate().toEpochMilli() - capturedAt.toEpochMilli();
        double hours = millisLeft / MILLIS_PER_HOUR;
        if (millisLeft <= 0 || hours > config.expiryMaxHours()) {
            return;
        }
        List<Double> prices = m.outcomePrices();
        if (prices.isEmpty() || prices.size() != m.outcomes().size()) {
            return;
        }
        int favourite = 0;
        for (int i = 1; i < prices.size(); i++) {
            if (prices.get(i) > prices.get(favourite)) {
                favourite = i;
            }
        }
        double price = prices.get(favourite);
        if (price < config.expiryMinPrice() || price >= config.expiryMaxPrice() || m.liquidity() == null
                || m.liquidity() < config.minLiquidityUsd()) {
            return;
        }
        String outcome = m.outcomes().get(favourite);
        Details details = Details.builder()
                .conditionId(m.conditionId())
                .marketTitle(m.title())
                .outcome(outcome)
                .outcomeIndex(favourite)
                .assetId(favourite < m.tokenIds().size() ? m.tokenIds().get(favourite) : null)
                .side(Side.BUY)
                .currentPrice(price)
                .volume24h(m.volume24h())
                .liquidity(m.liquidity())
                .recommendedAction(RecommendedAction.BUY_FAVOURITE)
                .expiryTime(m.endDate())
                .eventTime(capturedAt)
                .build();
        // the confidence is the favourite's own price: no edge is claimed, so the risk manager gives no size
        out.add(new Detection("expiry_edge:" + m.conditionId(),
                new SignalType.ExpiryEdge(Figures.shown(hours), outcome, price), m.slugOrId(), price, details,
                Source.POLYMARKET));
    }

    /** The result is being (or has been) settled: nothing is uncertain any more. */
    static boolean beingSettled(Market m) {
        String uma = m.umaResolutionStatus();
        return m.eventEnded() || "proposed".equals(uma) || "disputed".equals(uma) || "resolved".equals(uma);
    }

    /**
     * False for a sports market whose end date does not tell when its result is known: the game has not
     * started, or the end date is the kick-off (or before it). Other markets are always underway.
     */
    static boolean underway(Market m, Instant capturedAt) {
        if (!m.isSports()) {
            return true;
        }
        Instant kickOff = m.gameStartTime();
        if (kickOff == null) {
            return m.eventLive();
        }
        return !kickOff.isAfter(capturedAt) && m.endDate().isAfter(kickOff);
    }
}
