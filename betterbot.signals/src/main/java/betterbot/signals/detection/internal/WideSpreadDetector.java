package betterbot.signals.detection.internal;

import betterbot.signals.Details;
import betterbot.signals.RecommendedAction;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.market.BookLevel;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code wide_spread}: best ask − best bid ≥ {@code WIDE_SPREAD_MIN} on an open market with at least
 * {@code MIN_LIQUIDITY_USD}. A binary market's outcome books mirror each other, so each market is judged once,
 * on its first outcome's book when the batch holds it. A spread that persists poll after poll is one situation:
 * {@code wide_spread:<condition id>:<UTC hour it started>}.
 */
final class WideSpreadDetector implements BookDetector, Stateful {
    private final DetectionConfig config;
    private final Situations situations;

    WideSpreadDetector(DetectionConfig config) {
        this.config = config;
        this.situations = new Situations(config.cooldown());
    }

    @Override
    public String name() {
        return SignalType.WIDE_SPREAD;
    }

    @Override
    public List<StateMap<?>> state() {
        return List.of(situations.state());
    }

    @Override
    public void onBooks(List<OrderBook> books, MarketCache markets, Instant capturedAt, List<Detection> out) {
        Map<String, OrderBook> firstOutcomeBook = new LinkedHashMap<>();
        Map<String, Market> marketOf = new LinkedHashMap<>();
        for (OrderBook book : books) {
            Market m = markets.byToken(book.assetId());
            if (m == null) {
                continue;
            }
            OrderBook chosen = firstOutcomeBook.get(m.conditionId());
            if (chosen == null || m.outcomeIndexOf(book.assetId()) < m.outcomeIndexOf(chosen.assetId())) {
                firstOutcomeBook.put(m.conditionId(), book);
                marketOf.put(m.conditionId(), m);
            }
        }
        for (Map.Entry<String, OrderBook> e : firstOutcomeBook.entrySet()) {
            judge(marketOf.get(e.getKey()), e.getValue(), capturedAt, out);
        }
    }

    private void judge(Market m, OrderBook book, Instant capturedAt, List<Detection> out) {
        BookLevel bid = book.bestBid();
        BookLevel ask = book.bestAsk();
        if (!m.isOpen() || bid == null || ask == null || m.liquidity() == null
                || m.liquidity() < config.minLiquidityUsd()) {
            return;
        }
        double spread = Figures.exact(ask.price() - bid.price());
        if (spread < config.wideSpreadMin()) {
            return;
        }
        Instant started = situations.observe(m.conditionId(), capturedAt);
        if (started == null) {
            return; // the same wide spread as on the last polls
        }
        int index = m.outcomeIndexOf(book.assetId());
        String outcome = m.outcomeAt(index);
        Details details = Details.builder()
                .conditionId(m.conditionId())
                .marketTitle(m.title())
                .outcome(outcome)
                .outcomeIndex(index)
                .assetId(book.assetId())
                .volume24h(m.volume24h())
                .liquidity(m.liquidity())
                .recommendedAction(RecommendedAction.WATCH)
                .expiryTime(m.endDate())
                .eventTime(book.timestamp() != null ? book.timestamp() : capturedAt)
                .bookTime(book.timestamp())
                .build();
        out.add(new Detection("wide_spread:" + m.conditionId() + ':' + SignalIds.hour(started),
                new SignalType.WideSpread(outcome, bid.price(), ask.price(), spread), m.slugOrId(), 0.6, details,
                Source.POLYMARKET));
    }
}
