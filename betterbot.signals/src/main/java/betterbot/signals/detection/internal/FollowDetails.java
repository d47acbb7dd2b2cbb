package betterbot.signals.detection.internal;

import betterbot.signals.Details;
import betterbot.signals.RecommendedAction;
import betterbot.signals.Side;
import betterbot.signals.market.Market;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.market.Trade;
import java.time.Instant;

/** The details of a signal that suggests following a trade: the trade's own facts, enriched from its market. */
final class FollowDetails {
    private FollowDetails() {
    }

    static RecommendedAction action(Side side) {
        return side == Side.BUY ? RecommendedAction.FOLLOW_BUY : RecommendedAction.FOLLOW_SELL;
    }

    /** The price of the side a follower of the trade takes ({@link Side#followedPrice}). */
    static double followedPrice(Trade t) {
        return t.side().followedPrice(t.price());
    }

    /**
     * True when a trade is worth following: its followed side costs less than {@code FOLLOW_MAX_PRICE} (not a
     * settlement sweep) and it was at most {@code FOLLOW_MAX_AGE_MINUTES} old when its page was received (a
     * follow signal is about now, not a backlog).
     */
    static boolean followable(Trade t, Instant capturedAt, DetectionConfig config) {
        return followedPrice(t) < config.followMaxPrice() && fresh(t, capturedAt, config);
    }

    static boolean fresh(Trade t, Instant capturedAt, DetectionConfig config) {
        return !t.timestamp().plus(config.followMaxAge()).isBefore(capturedAt);
    }

    /**
     * The outcome index of a trade: its token's place in the market's token list when the market is known (the
     * trade's own index may be the 999 "not applicable" sentinel or stale), else the trade's own index.
     */
    static Integer outcomeIndex(Trade t, Market m) {
        int fromMarket = m == null ? -1 : m.outcomeIndexOf(t.assetId());
        if (fromMarket >= 0) {
            return fromMarket;
        }
        Integer own = t.outcomeIndex();
        return own != null && (m == null || own < m.outcomes().size()) ? own : null;
    }

    /** Details of one trade; {@code wallet} is null for signals about several wallets. */
    static Details.Builder of(Trade t, Market m, String wallet) {
        Integer index = outcomeIndex(t, m);
        String outcome = t.outcome() != null ? t.outcome() : m == null || index == null ? null : m.outcomeAt(index);
        return Details.builder()
                .conditionId(t.conditionId() != null ? t.conditionId() : m == null ? null : m.conditionId())
                .marketTitle(t.title() != null ? t.title() : m == null ? null : m.title())
                .outcome(outcome)
                .outcomeIndex(index)
                .assetId(t.assetId())
                .side(t.side())
                .currentPrice(t.price())
                .volume24h(m == null ? null : m.volume24h())
                .liquidity(m == null ? null : m.liquidity())
                .recommendedAction(action(t.side()))
                .expiryTime(m == null ? null : m.endDate())
                .eventTime(t.timestamp())
                .wallet(wallet);
    }

    /** The market of a trade: by its outcome token, else by its condition id; null when never seen. */
    static Market market(Trade t, MarketCache markets) {
        Market m = markets.byToken(t.assetId());
        return m != null ? m : markets.byCondition(t.conditionId());
    }

    /** The slug a trade's signal carries: the trade's, else its market's, else its condition id or token. */
    static String slug(Trade t, Market m) {
        if (t.slug() != null) {
            return t.slug();
        }
        if (m != null) {
            return m.slugOrId();
        }
        return t.conditionId() != null ? t.conditionId() : t.assetId();
    }
}
