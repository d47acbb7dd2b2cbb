package betterbot.signals.sources;

import betterbot.signals.Signal;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import java.time.Instant;
import java.util.List;

/**
 * Where pollers deliver what they fetched (the detection pipeline). A call that throws makes the poll count as
 * failed, and a trade feed then does not move its watermark, so the same trades are fetched again. Each call
 * answers the signals the delivery led to; the sources do not read them (the replay and tests do).
 */
public interface MarketFeed {
    List<Signal> onMarkets(List<Market> markets, Instant capturedAt);

    List<Signal> onBooks(List<OrderBook> books, Instant capturedAt);

    List<Signal> onTrades(List<Trade> trades, Instant capturedAt);
}
