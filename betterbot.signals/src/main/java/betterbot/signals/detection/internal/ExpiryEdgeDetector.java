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
 * priced at least {@code EXPIRY_MIN_PRICE} and liquidity of at least {@code MIN_LIQUIDITY_USD}. Gamma's flags
 * and end dates can be stale (§5.1): a closed, inactive or not-accepting market is skipped, and so is one whose
 * end date is already past, however "active" it claims to be. One signal per market ({@code expiry_edge:<id>}).
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
        if (!m.isOpen() || m.endDate() == null) {
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
        if (price < config.expiryMinPrice() || price > 1 || m.liquidity() == null
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
}
