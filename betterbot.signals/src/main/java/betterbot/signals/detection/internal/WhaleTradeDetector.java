package betterbot.signals.detection.internal;

import betterbot.signals.SignalType;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.market.Market;
import betterbot.signals.market.Trade;
import java.time.Instant;
import java.util.List;

/**
 * {@code whale_trade}: one known taker fill of at least {@code WHALE_MIN_USD} (size × price). Near-certain
 * settlement sweeps (the followed side at {@code FOLLOW_MAX_PRICE} or above) and trades older than
 * {@code FOLLOW_MAX_AGE_MINUTES} when first seen are not worth following; one signal per wallet, market and
 * outcome within the cooldown.
 */
final class WhaleTradeDetector implements TradeDetector, Stateful {
    private final DetectionConfig config;
    private final Cooldown cooldown;

    WhaleTradeDetector(DetectionConfig config) {
        this.config = config;
        this.cooldown = new Cooldown(config.cooldown());
    }

    @Override
    public String name() {
        return SignalType.WHALE_TRADE;
    }

    @Override
    public List<StateMap<?>> state() {
        return List.of(cooldown.state());
    }

    public boolean takerFillsOnly() {
        return true;
    }

    @Override
    public void onTrade(Trade t, MarketCache markets, Instant capturedAt, List<Detection> out) {
        if (!t.knownTaker() || !FollowDetails.followable(t, capturedAt, config)) {
            return;
        }
        double usd = Figures.usd(t.usdSize());
        if (usd < config.whaleMinUsd()) {
            return;
        }
        // the outcome token names market and outcome at once
        if (!cooldown.tryAcquire(t.wallet() + '|' + t.assetId(), t.timestamp())) {
            return;
        }
        Market m = FollowDetails.market(t, markets);
        out.add(new Detection("whale_trade:" + SignalIds.hash(t.fillKey()),
                new SignalType.WhaleTrade(t.wallet(), usd, t.size(), t.price()), FollowDetails.slug(t, m),
                confidence(usd), FollowDetails.of(t, m, t.wallet()).build(), t.source()));
    }

    /** Tiers by USD size (docs/domain.md, Detection rules). */
    static double confidence(double usd) {
        if (usd >= 100_000) {
            return 0.95;
        }
        if (usd >= 50_000) {
            return 0.85;
        }
        if (usd >= 25_000) {
            return 0.75;
        }
        return 0.65;
    }
}
