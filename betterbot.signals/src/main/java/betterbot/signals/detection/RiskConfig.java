package betterbot.signals.detection;

/**
 * Position sizing by fractional Kelly (see docs/domain.md, Risk manager).
 *
 * @param bankroll {@code BANKROLL}: USD the sizes are a share of (10,000)
 * @param kellyFraction {@code KELLY_FRACTION}: the share of full Kelly staked (0.25, quarter Kelly)
 * @param maxPositionPct {@code MAX_POSITION_PCT}: the largest position as a share of the bankroll (0.10)
 * @param minLiquidityUsd {@code MIN_LIQUIDITY_USD}: no position in a market with less liquidity (1,000)
 * @param fullSizeLiquidityUsd {@code FULL_SIZE_LIQUIDITY_USD}: below this liquidity a position shrinks in
 *                             proportion (100,000)
 */
public record RiskConfig(double bankroll, double kellyFraction, double maxPositionPct, double minLiquidityUsd,
                         double fullSizeLiquidityUsd) {

    public RiskConfig {
        if (!(bankroll >= 0) || Double.isInfinite(bankroll)) {
            throw new IllegalArgumentException("bankroll must be ≥ 0, was " + bankroll);
        }
        if (!(kellyFraction > 0 && kellyFraction <= 1)) {
            throw new IllegalArgumentException("kellyFraction must be within (0, 1], was " + kellyFraction);
        }
        if (!(maxPositionPct > 0 && maxPositionPct <= 1)) {
            throw new IllegalArgumentException("maxPositionPct must be within (0, 1], was " + maxPositionPct);
        }
        if (!(minLiquidityUsd >= 0) || Double.isInfinite(minLiquidityUsd)) {
            throw new IllegalArgumentException("minLiquidityUsd must be ≥ 0, was " + minLiquidityUsd);
        }
        if (!(fullSizeLiquidityUsd > 0) || Double.isInfinite(fullSizeLiquidityUsd)) {
            throw new IllegalArgumentException("fullSizeLiquidityUsd must be positive, was " + fullSizeLiquidityUsd);
        }
    }

    public static RiskConfig defaults() {
        return new RiskConfig(10_000, 0.25, 0.10, 1_000, 100_000);
    }
}
