package betterbot.signals.detection.internal;

import betterbot.signals.Details;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.detection.RiskConfig;
import java.time.Instant;

/**
 * Grades each detection's risk and sizes it by fractional Kelly into a signal (see docs/domain.md, Risk manager).
 *
 * <ul>
 *   <li>Follow signals (whale trade, whale cluster, tracked-wallet entry) recommend buying a side at price
 *       {@code q} with win probability {@code p} = the confidence: the trade's outcome at its price for a BUY, the
 *       opposite outcome at 1 − price for a SELL. edge = p − q, no size unless positive; full Kelly
 *       f* = (p − q) / (1 − q); size = bankroll × min(f* × fraction, max position) × liquidity factor, where the
 *       factor is 0 under {@code MIN_LIQUIDITY_USD} or when the market's liquidity is unknown, and
 *       liquidity / {@code FULL_SIZE_LIQUIDITY_USD} (at most 1) above it: linear, so half the liquidity of a
 *       full-size market buys half the position.</li>
 *   <li>A price deviation is riskless when every leg fills: its size is the cost of the fillable size across
 *       all legs, fees included, capped at bankroll × max position. The fillable size is the book's own
 *       liquidity, so no market-liquidity factor applies.</li>
 *   <li>Expiry edge (its confidence is the favourite's own price, so p − q = 0), volume spike and wide spread
 *       (no side or price to trade) carry no price edge: their size is null, not zero.</li>
 * </ul>
 */
public final class RiskManager {
    private final RiskConfig config;

    public RiskManager(RiskConfig config) {
        this.config = config;
    }

    /** The signal of a detection, detected at {@code detectedAt}. */
    public Signal assess(Detection d, Instant detectedAt) {
        Details details = d.details().withRecommendedSizeUsd(size(d));
        return new Signal(d.id(), d.type(), d.marketSlug(), d.confidence(), riskLevel(d), details, detectedAt,
                d.source());
    }

    /** The risk column of docs/domain.md, Detection rules. */
    static RiskLevel riskLevel(Detection d) {
        return switch (d.type()) {
            case SignalType.WhaleTrade w -> w.usdSize() >= 50_000 ? RiskLevel.LOW : RiskLevel.MEDIUM;
            case SignalType.WhaleCluster c -> c.walletCount() >= 5 ? RiskLevel.LOW : RiskLevel.MEDIUM;
            case SignalType.TrackedWalletEntry t -> d.confidence() >= 0.80 ? RiskLevel.LOW
                    : d.confidence() >= 0.65 ? RiskLevel.MEDIUM
                    : d.confidence() >= 0.50 ? RiskLevel.HIGH : RiskLevel.VERY_HIGH;
            case SignalType.PriceDeviation p -> p.edgeAfterFees() > 0.05 ? RiskLevel.LOW : RiskLevel.MEDIUM;
            case SignalType.ExpiryEdge e -> e.hoursToExpiry() < 2 && e.favouritePrice() >= 0.85 ? RiskLevel.LOW
                    : e.hoursToExpiry() < 3 && e.favouritePrice() >= 0.80 ? RiskLevel.MEDIUM : RiskLevel.HIGH;
            case SignalType.VolumeSpike v -> RiskLevel.MEDIUM;
            case SignalType.WideSpread w -> RiskLevel.MEDIUM;
        };
    }

    /** USD to stake, or null for a type without a price edge. */
    Double size(Detection d) {
        return switch (d.type()) {
            case SignalType.WhaleTrade w -> follow(d);
            case SignalType.WhaleCluster c -> follow(d);
            case SignalType.TrackedWalletEntry t -> follow(d);
            case SignalType.PriceDeviation p -> {
                // cost of one share of every leg: 1 − edge after fees when buying every YES; when selling every
                // YES (buying every NO at 1 − bid) it is (n − 1) − edge after fees
                double perSet = p.askSum() != null ? 1 - p.edgeAfterFees() : p.legsCount() - 1 - p.edgeAfterFees();
                yield Figures.usd(Math.min(p.fillableSize() * perSet, cap()));
            }
            case SignalType.ExpiryEdge e -> null;
            case SignalType.VolumeSpike v -> null;
            case SignalType.WideSpread w -> null;
        };
    }

    private Double follow(Detection d) {
        Details details = d.details();
        if (details.currentPrice() == null || details.side() == null) {
            return 0.0;
        }
        double q = details.side() == Side.BUY ? details.currentPrice() : 1 - details.currentPrice();
        return kelly(d.confidence(), q, details.liquidity());
    }

    /** USD to stake on a side bought at {@code q} that wins with probability {@code p}, in a market of {@code liquidity}. */
    double kelly(double p, double q, Double liquidity) {
        if (liquidity == null || liquidity < config.minLiquidityUsd() || !(q > 0 && q < 1) || p - q <= 0) {
            return 0.0;
        }
        double fullKelly = (p - q) / (1 - q);
        double share = Math.min(fullKelly * config.kellyFraction(), config.maxPositionPct());
        double liquidityFactor = Math.min(1, liquidity / config.fullSizeLiquidityUsd());
        return Figures.usd(config.bankroll() * share * liquidityFactor);
    }

    private double cap() {
        return config.bankroll() * config.maxPositionPct();
    }
}
