package betterbot.signals.detection.internal;

import betterbot.signals.SignalType;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.market.Market;
import betterbot.signals.market.Trade;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code tracked_wallet_entry}: any trade of at least {@code TRACKED_MIN_USD} by a watch-listed wallet (addresses
 * compared in lower case), maker fills included: they are its own entries. The same noise filters as whale trades:
 * no settlement sweeps (the followed side at {@code FOLLOW_MAX_PRICE} or above) and no trade older than
 * {@code FOLLOW_MAX_AGE_MINUTES} when first seen (a wallet just added to the watch list brings its history).
 * Confidence grows with the position's value and the wallet's label (tier table in docs/domain.md,
 * tracked_wallet_entry).
 */
final class TrackedWalletDetector implements TradeDetector, Stateful {
    /** Upper bounds (exclusive) of the value tiers, USD; the last tier is unbounded. */
    private static final double[] BOUNDS = {0.10, 1, 10, 100, 500, 1_000, 5_000, 10_000};
    private static final double[] BASE = {0.20, 0.30, 0.45, 0.55, 0.65, 0.70, 0.75, 0.80, 0.85};
    private static final double[] CEILING = {0.35, 0.55, 0.65, 0.75, 0.82, 0.85, 0.90, 0.92, 0.95};

    private final DetectionConfig config;
    private final Map<String, String> labels;
    private final Cooldown cooldown;

    TrackedWalletDetector(DetectionConfig config) {
        this.config = config;
        this.labels = config.trackedWallets();
        this.cooldown = new Cooldown(config.cooldown());
    }

    @Override
    public String name() {
        return SignalType.TRACKED_WALLET_ENTRY;
    }

    @Override
    public List<StateMap<?>> state() {
        return List.of(cooldown.state());
    }

    public void onTrade(Trade t, MarketCache markets, Instant capturedAt, List<Detection> out) {
        String label = labels.get(t.wallet());
        if (label == null || !FollowDetails.followable(t, capturedAt, config)) {
            return;
        }
        double usd = Figures.usd(t.usdSize());
        if (usd < config.trackedMinUsd() || !cooldown.tryAcquire(t.wallet() + '|' + t.assetId(), t.timestamp())) {
            return;
        }
        Market m = FollowDetails.market(t, markets);
        String shownLabel = label.isEmpty() ? null : label;
        out.add(new Detection("tracked_wallet_entry:" + SignalIds.hash(t.fillKey()),
                new SignalType.TrackedWalletEntry(t.wallet(), shownLabel, usd, t.size(), t.price()),
                FollowDetails.slug(t, m), confidence(usd, label),
                FollowDetails.of(t, m, t.wallet()).walletLabel(shownLabel).build(), t.source()));
    }

    /**
     * base + (ceiling − base) × label multiplier, plus 0.02 per decade of value above $100, capped at the
     * tier's ceiling (docs/domain.md, tracked_wallet_entry).
     */
    static double confidence(double value, String label) {
        int tier = 0;
        while (tier < BOUNDS.length && value >= BOUNDS[tier]) {
            tier++;
        }
        double multiplier = label.startsWith("insider_") ? 1.0 : label.startsWith("world_class") ? 0.95 : 0.80;
        double c = BASE[tier] + (CEILING[tier] - BASE[tier]) * multiplier;
        if (value > 100) {
            c += (Math.log10(value) - 2) * 0.02;
        }
        return Figures.shown(Math.min(c, CEILING[tier]));
    }
}
