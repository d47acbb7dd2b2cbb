package betterbot.signals.sources.internal;

import betterbot.signals.sources.MarketFeed;

/** The platform-wide whale feed: Data API taker trades of at least {@code minUsd} ({@code filterType=CASH}). */
final class WhaleTradesPoll implements Poller.Poll {
    private final TradesPoll trades;
    private final String query;
    private final TradeWindow window;
    private final MarketFeed feed;
    private final SourceHealth health;

    WhaleTradesPoll(TradesPoll trades, double minUsd, TradeWindow window, MarketFeed feed, SourceHealth health) {
        this.trades = trades;
        this.query = "takerOnly=true&filterType=CASH&filterAmount=" + Math.round(minUsd);
        this.window = window;
        this.feed = feed;
        this.health = health;
    }

    @Override
    public Poller.Outcome poll() throws PollStop {
        return new Poller.Outcome.Polled(trades.poll(query, true, window, feed, health));
    }
}
