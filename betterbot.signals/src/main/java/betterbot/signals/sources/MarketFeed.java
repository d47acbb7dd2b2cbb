package betterbot.signals.sources;

import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import java.time.Instant;
import java.util.List;

/**
 * Where pollers deliver what they fetched (the detection pipeline). A call that throws makes the poll count as
 * failed, and a trade feed then does not move its watermark, so the same trades are fetched again.
 */
public interface MarketFeed {
    void onMarkets(List<Market> markets, Instant capturedAt);

    void onBooks(List<OrderBook> books, Instant capturedAt);

    void onTrades(List<Trade> trades, Instant capturedAt);
}
