package betterbot.signals.detection.internal;

import betterbot.signals.Details;
import betterbot.signals.RecommendedAction;
import betterbot.signals.Side;
import betterbot.signals.market.Market;
import betterbot.signals.market.Trade;

/** The details of a signal that suggests following a trade: the trade's own facts, enriched from its market. */
final class FollowDetails {
    private FollowDetails() {
    }

    static RecommendedAction action(Side side) {
        return side == Side.BUY ? RecommendedAction.FOLLOW_BUY : RecommendedAction.FOLLOW_SELL;
    }

    /** Details of one trade; {@code wallet} is null for signals about several wallets. */
    static Details.Builder of(Trade t, Market m, String wallet) {
        Integer index = t.outcomeIndex();
        if (index == null && m != null && m.outcomeIndexOf(t.assetId()) >= 0) {
            index = m.outcomeIndexOf(t.assetId());
        }
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
