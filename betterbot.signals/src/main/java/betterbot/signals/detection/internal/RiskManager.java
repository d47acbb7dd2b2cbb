package betterbot.signals.detection.internal;

import betterbot.signals.Details;
import betterbot.signals.ProbabilitySource;
import betterbot.signals.RiskLevel;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.grading.Estimate;
import betterbot.signals.grading.Tier;
import betterbot.signals.grading.WinProbabilities;
import java.time.Instant;
import java.util.Objects;

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
 *   <li>The win probability p of a follow or expiry-edge signal comes from {@link WinProbabilities}: the
 *       confidence (a prior) until the signal's tier has enough settled grades, then calibrated from them, and no
 *       position for a calibrated tier without a proven edge (see docs/grading.md, Calibrated sizing). The details
 *       say which: {@code win_probability}, {@code probability_source}, {@code probability_sample_size}. With a
 *       calibrated p an expiry edge is sized like a follow signal.</li>
 * </ul>
 */
public final class RiskManager {
    private final RiskConfig config;
    private final WinProbabilities probabilities;

    /** Sizes from the confidence tiers alone. */
    public RiskManager(RiskConfig config) {
        this(config, WinProbabilities.prior());
    }

    public RiskManager(RiskConfig config, WinProbabilities probabilities) {
        this.config = config;
        this.probabilities = Objects.requireNonNull(probabilities, "probabilities");
    }

    /** The signal of a detection, detected at {@code detectedAt}. */
    public Signal assess(Detection d, Instant detectedAt) {
        return new Signal(d.id(), d.type(), d.marketSlug(), d.confidence(), riskLevel(d), sized(d), detectedAt,
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

    /** The detection's details with its size and, for a side sized from a win probability, where that came from. */
    private Details sized(Detection d) {
        Double q = sidePrice(d);
        if (q == null) {
            return d.details().withRecommendedSizeUsd(size(d));
        }
        Estimate e = probabilities.estimate(Tier.of(d.type().name(), d.confidence()), d.confidence(), q);
        return d.details().toBuilder().recommendedSizeUsd(size(d, e, q)).winProbability(e.probability())
                .probabilitySource(e.source()).probabilitySampleSize(e.sampleSize()).build();
    }

    /**
     * The price of the side a follow or expiry-edge signal buys, or null for the other types and for a follow
     * signal whose trade lacks its side or price.
     */
    private static Double sidePrice(Detection d) {
        return switch (d.type()) {
            case SignalType.WhaleTrade w -> followedPrice(d.details());
            case SignalType.WhaleCluster c -> followedPrice(d.details());
            case SignalType.TrackedWalletEntry t -> followedPrice(d.details());
            case SignalType.ExpiryEdge e -> e.favouritePrice();
            case SignalType.PriceDeviation p -> null;
            case SignalType.VolumeSpike v -> null;
            case SignalType.WideSpread w -> null;
        };
    }

    private static Double followedPrice(Details details) {
        if (details.currentPrice() == null || details.side() == null) {
            return null;
        }
        return details.side().followedPrice(details.currentPrice());
    }

    /**
     * USD to stake on a side bought at {@code q}. An expiry edge's prior is the favourite's own price, no edge, so
     * it has no size until calibrated; a calibrated tier whose edge is unproven gets no position.
     */
    private Double size(Detection d, Estimate e, double q) {
        if (e.source() == ProbabilitySource.PRIOR && d.type() instanceof SignalType.ExpiryEdge) {
            return null;
        }
        if (e.edgeUnproven()) {
            return 0.0;
        }
        return kelly(e.probability(), q, d.details().liquidity());
    }

    /** USD to stake for a type not sized from a win probability, or null for a type without a price edge. */
    private Double size(Detection d) {
        return switch (d.type()) {
            case SignalType.PriceDeviation p -> {
                // cost of one share of every leg: 1 − edge after fees when buying every YES; when selling every
                // YES (buying every NO at 1 − bid) it is (n − 1) − edge after fees
                double perSet = p.askSum() != null ? 1 - p.edgeAfterFees() : p.legsCount() - 1 - p.edgeAfterFees();
                yield Figures.usd(Math.min(p.fillableSize() * perSet, cap()));
            }
            case SignalType.VolumeSpike v -> null;
            case SignalType.WideSpread w -> null;
            default -> 0.0; // a follow signal whose trade lacks its side or price
        };
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
