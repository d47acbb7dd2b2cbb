package betterbot.signals;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * Context of a signal: which market and outcome, the prices seen and what to do. A field that is not
 * known is null (absent on the wire), never a placeholder.
 *
 * @param eventTime when the upstream trade or snapshot happened; {@code detected_at - event_time} is the detection lag
 * @param bookTime for a book signal, the upstream time of the newest book it was judged from: the change that
 *                 triggered it on the market stream, so {@code detected_at - book_time} is that path's lag
 * @param takerFeeRate the taker fee rate used to judge an edge
 * @param feeRateAssumed true when the market's fee schedule was unknown and {@code takerFeeRate} is the configured default
 * @param winProbability the win probability the position was sized from (null for a type not sized from one)
 * @param probabilitySource whether {@code winProbability} is the confidence tier's prior or calibrated from
 *                          settled grades (see docs/grading.md)
 * @param probabilitySampleSize the settled grades behind {@code winProbability}: 0 for a prior
 */
public record Details(
        String conditionId,
        String marketTitle,
        String outcome,
        Integer outcomeIndex,
        String assetId,
        Side side,
        Double currentPrice,
        @JsonProperty("volume_24h") Double volume24h,
        Double liquidity,
        RecommendedAction recommendedAction,
        Double recommendedSizeUsd,
        Instant expiryTime,
        Instant eventTime,
        Instant bookTime,
        String wallet,
        String walletLabel,
        List<Leg> legs,
        Double takerFeeRate,
        Boolean feeRateAssumed,
        Double winProbability,
        ProbabilitySource probabilitySource,
        Integer probabilitySampleSize) {

    public Details {
        legs = legs == null ? null : List.copyOf(legs);
        wallet = wallet == null ? null : wallet.toLowerCase(java.util.Locale.ROOT);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy with the risk manager's position size. */
    public Details withRecommendedSizeUsd(Double size) {
        return toBuilder().recommendedSizeUsd(size).build();
    }

    public Builder toBuilder() {
        return new Builder().conditionId(conditionId).marketTitle(marketTitle).outcome(outcome)
                .outcomeIndex(outcomeIndex).assetId(assetId).side(side).currentPrice(currentPrice)
                .volume24h(volume24h).liquidity(liquidity).recommendedAction(recommendedAction)
                .recommendedSizeUsd(recommendedSizeUsd).expiryTime(expiryTime).eventTime(eventTime)
                .bookTime(bookTime).wallet(wallet).walletLabel(walletLabel).legs(legs).takerFeeRate(takerFeeRate)
                .feeRateAssumed(feeRateAssumed).winProbability(winProbability).probabilitySource(probabilitySource)
                .probabilitySampleSize(probabilitySampleSize);
    }

    /** Builds details field by field; unset fields stay null. */
    public static final class Builder {
        private String conditionId;
        private String marketTitle;
        private String outcome;
        private Integer outcomeIndex;
        private String assetId;
        private Side side;
        private Double currentPrice;
        private Double volume24h;
        private Double liquidity;
        private RecommendedAction recommendedAction;
        private Double recommendedSizeUsd;
        private Instant expiryTime;
        private Instant eventTime;
        private Instant bookTime;
        private String wallet;
        private String walletLabel;
        private List<Leg> legs;
        private Double takerFeeRate;
        private Boolean feeRateAssumed;
        private Double winProbability;
        private ProbabilitySource probabilitySource;
        private Integer probabilitySampleSize;

        private Builder() {
        }

        public Builder conditionId(String v) { conditionId = v; return this; }
        public Builder marketTitle(String v) { marketTitle = v; return this; }
        public Builder outcome(String v) { outcome = v; return this; }
        public Builder outcomeIndex(Integer v) { outcomeIndex = v; return this; }
        public Builder assetId(String v) { assetId = v; return this; }
        public Builder side(Side v) { side = v; return this; }
        public Builder currentPrice(Double v) { currentPrice = v; return this; }
        public Builder volume24h(Double v) { volume24h = v; return this; }
        public Builder liquidity(Double v) { liquidity = v; return this; }
        public Builder recommendedAction(RecommendedAction v) { recommendedAction = v; return this; }
        public Builder recommendedSizeUsd(Double v) { recommendedSizeUsd = v; return this; }
        public Builder expiryTime(Instant v) { expiryTime = v; return this; }
        public Builder eventTime(Instant v) { eventTime = v; return this; }
        public Builder bookTime(Instant v) { bookTime = v; return this; }
        public Builder wallet(String v) { wallet = v; return this; }
        public Builder walletLabel(String v) { walletLabel = v; return this; }
        public Builder legs(List<Leg> v) { legs = v; return this; }
        public Builder takerFeeRate(Double v) { takerFeeRate = v; return this; }
        public Builder feeRateAssumed(Boolean v) { feeRateAssumed = v; return this; }
        public Builder winProbability(Double v) { winProbability = v; return this; }
        public Builder probabilitySource(ProbabilitySource v) { probabilitySource = v; return this; }
        public Builder probabilitySampleSize(Integer v) { probabilitySampleSize = v; return this; }

        public Details build() {
            return new Details(conditionId, marketTitle, outcome, outcomeIndex, assetId, side, currentPrice,
                    volume24h, liquidity, recommendedAction, recommendedSizeUsd, expiryTime, eventTime, bookTime, wallet,
                    walletLabel, legs, takerFeeRate, feeRateAssumed, winProbability, probabilitySource,
                    probabilitySampleSize);
        }
    }
}
