package betterbot.signals.detection;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Thresholds of the seven detectors (see docs/domain.md, Detection rules). {@link #defaults()} holds the
 * documented defaults; the app reads each from an environment variable of the same name in upper snake case.
 *
 * @param whaleMinUsd {@code WHALE_MIN_USD}: a taker trade of at least this many USD is a whale trade (10,000)
 * @param clusterMinWallets {@code CLUSTER_MIN_WALLETS}: distinct whale wallets that make a cluster (3)
 * @param clusterWindow {@code CLUSTER_WINDOW_MINUTES}: the sliding window of a cluster (60 min)
 * @param trackedMinUsd {@code TRACKED_MIN_USD}: the smallest tracked-wallet trade reported (1)
 * @param trackedWallets {@code TRACKED_WALLETS} / {@code TRACKED_WALLETS_FILE}: lower-case address → label ("" for none)
 * @param followMaxPrice {@code FOLLOW_MAX_PRICE}: follow signals ignore trades at this price or above (0.95)
 * @param cooldown {@code COOLDOWN_MINUTES}: one whale or tracked-wallet signal per wallet, market and outcome in
 *                 this time; also how long a condition must be gone before it counts as a new situation (30 min)
 * @param minEdge {@code MIN_EDGE}: the smallest price-deviation edge after fees (0.02)
 * @param defaultTakerFeeRate {@code DEFAULT_TAKER_FEE_RATE}: fee rate assumed when a market's schedule is unknown (0.02)
 * @param expiryMaxHours {@code EXPIRY_MAX_HOURS}: an expiry edge closes within this many hours (4)
 * @param expiryMinPrice {@code EXPIRY_MIN_PRICE}: the favourite's smallest price for an expiry edge (0.70)
 * @param volumeSpikeRatio {@code VOLUME_SPIKE_RATIO}: 24 h volume over the week's daily average (3)
 * @param volumeSpikeMinUsd {@code VOLUME_SPIKE_MIN_USD}: the smallest 24 h volume of a spike (10,000)
 * @param wideSpreadMin {@code WIDE_SPREAD_MIN}: best ask − best bid of a wide spread (0.15)
 * @param minLiquidityUsd {@code MIN_LIQUIDITY_USD}: markets thinner than this give no expiry edge or wide spread (1,000)
 * @param expiryMaxPrice {@code EXPIRY_MAX_PRICE}: a favourite at this price or above is a settlement sweep, not an
 *                       expiry edge (0.95)
 * @param followMaxAge {@code FOLLOW_MAX_AGE_MINUTES}: a trade older than this when first seen is remembered but not
 *                     followed (30 min)
 */
public record DetectionConfig(
        double whaleMinUsd,
        int clusterMinWallets,
        Duration clusterWindow,
        double trackedMinUsd,
        Map<String, String> trackedWallets,
        double followMaxPrice,
        Duration cooldown,
        double minEdge,
        double defaultTakerFeeRate,
        double expiryMaxHours,
        double expiryMinPrice,
        double volumeSpikeRatio,
        double volumeSpikeMinUsd,
        double wideSpreadMin,
        double minLiquidityUsd,
        double expiryMaxPrice,
        Duration followMaxAge) {

    public DetectionConfig {
        positive("whaleMinUsd", whaleMinUsd);
        if (clusterMinWallets < 2) {
            throw new IllegalArgumentException("clusterMinWallets must be at least 2, was " + clusterMinWallets);
        }
        positive("clusterWindow", Objects.requireNonNull(clusterWindow, "clusterWindow").toMillis());
        atLeastZero("trackedMinUsd", trackedMinUsd);
        trackedWallets = Map.copyOf(Objects.requireNonNull(trackedWallets, "trackedWallets"));
        for (String address : trackedWallets.keySet()) {
            if (!address.equals(address.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("tracked wallet addresses must be lower case: " + address);
            }
        }
        fraction("followMaxPrice", followMaxPrice);
        atLeastZero("cooldown", Objects.requireNonNull(cooldown, "cooldown").toMillis());
        fraction("minEdge", minEdge);
        atLeastZero("defaultTakerFeeRate", defaultTakerFeeRate);
        positive("expiryMaxHours", expiryMaxHours);
        fraction("expiryMinPrice", expiryMinPrice);
        positive("volumeSpikeRatio", volumeSpikeRatio);
        atLeastZero("volumeSpikeMinUsd", volumeSpikeMinUsd);
        fraction("wideSpreadMin", wideSpreadMin);
        atLeastZero("minLiquidityUsd", minLiquidityUsd);
        fraction("expiryMaxPrice", expiryMaxPrice);
        if (expiryMaxPrice <= expiryMinPrice) {
            throw new IllegalArgumentException("expiryMaxPrice must be above expiryMinPrice (" + expiryMinPrice
                    + "), was " + expiryMaxPrice);
        }
        positive("followMaxAge", Objects.requireNonNull(followMaxAge, "followMaxAge").toMillis());
    }

    /** The defaults of docs/domain.md, Detection rules, with no tracked wallets. */
    public static DetectionConfig defaults() {
        return new DetectionConfig(10_000, 3, Duration.ofHours(1), 1, Map.of(), 0.95, Duration.ofMinutes(30), 0.02,
                0.02, 4, 0.70, 3, 10_000, 0.15, 1_000, 0.95, Duration.ofMinutes(30));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a positive number, was " + v);
        }
    }

    private static void atLeastZero(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be ≥ 0, was " + v);
        }
    }

    private static void fraction(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1, was " + v);
        }
    }

    /** Changes some thresholds of an existing configuration. */
    public static final class Builder {
        private double whaleMinUsd;
        private int clusterMinWallets;
        private Duration clusterWindow;
        private double trackedMinUsd;
        private Map<String, String> trackedWallets;
        private double followMaxPrice;
        private Duration cooldown;
        private double minEdge;
        private double defaultTakerFeeRate;
        private double expiryMaxHours;
        private double expiryMinPrice;
        private double volumeSpikeRatio;
        private double volumeSpikeMinUsd;
        private double wideSpreadMin;
        private double minLiquidityUsd;
        private double expiryMaxPrice;
        private Duration followMaxAge;

        private Builder(DetectionConfig c) {
            whaleMinUsd = c.whaleMinUsd;
            clusterMinWallets = c.clusterMinWallets;
            clusterWindow = c.clusterWindow;
            trackedMinUsd = c.trackedMinUsd;
            trackedWallets = c.trackedWallets;
            followMaxPrice = c.followMaxPrice;
            cooldown = c.cooldown;
            minEdge = c.minEdge;
            defaultTakerFeeRate = c.defaultTakerFeeRate;
            expiryMaxHours = c.expiryMaxHours;
            expiryMinPrice = c.expiryMinPrice;
            volumeSpikeRatio = c.volumeSpikeRatio;
            volumeSpikeMinUsd = c.volumeSpikeMinUsd;
            wideSpreadMin = c.wideSpreadMin;
            minLiquidityUsd = c.minLiquidityUsd;
            expiryMaxPrice = c.expiryMaxPrice;
            followMaxAge = c.followMaxAge;
        }

        public Builder whaleMinUsd(double v) { whaleMinUsd = v; return this; }
        public Builder clusterMinWallets(int v) { clusterMinWallets = v; return this; }
        public Builder clusterWindow(Duration v) { clusterWindow = v; return this; }
        public Builder trackedMinUsd(double v) { trackedMinUsd = v; return this; }
        public Builder trackedWallets(Map<String, String> v) { trackedWallets = v; return this; }
        public Builder followMaxPrice(double v) { followMaxPrice = v; return this; }
        public Builder cooldown(Duration v) { cooldown = v; return this; }
        public Builder minEdge(double v) { minEdge = v; return this; }
        public Builder defaultTakerFeeRate(double v) { defaultTakerFeeRate = v; return this; }
        public Builder expiryMaxHours(double v) { expiryMaxHours = v; return this; }
        public Builder expiryMinPrice(double v) { expiryMinPrice = v; return this; }
        public Builder volumeSpikeRatio(double v) { volumeSpikeRatio = v; return this; }
        public Builder volumeSpikeMinUsd(double v) { volumeSpikeMinUsd = v; return this; }
        public Builder wideSpreadMin(double v) { wideSpreadMin = v; return this; }
        public Builder minLiquidityUsd(double v) { minLiquidityUsd = v; return this; }
        public Builder expiryMaxPrice(double v) { expiryMaxPrice = v; return this; }
        public Builder followMaxAge(Duration v) { followMaxAge = v; return this; }

        public DetectionConfig build() {
            return new DetectionConfig(whaleMinUsd, clusterMinWallets, clusterWindow, trackedMinUsd, trackedWallets,
                    followMaxPrice, cooldown, minEdge, defaultTakerFeeRate, expiryMaxHours, expiryMinPrice,
                    volumeSpikeRatio, volumeSpikeMinUsd, wideSpreadMin, minLiquidityUsd, expiryMaxPrice, followMaxAge);
        }
    }
}
