package betterbot.signals.grading.internal;

import betterbot.signals.Signal;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import betterbot.signals.sources.MarketFeed;
import java.time.Instant;
import java.util.List;

/**
 * A pipeline with the grading loop watching: every delivery goes to the pipeline first, unchanged; its answer (the
 * new signals, already stored) and the delivery's prices then go to the loop. When the pipeline throws, the
 * exception goes back to the poller and the loop sees nothing; nothing the loop does can change the answer.
 */
public final class ObservingFeed implements MarketFeed {
    private final MarketFeed pipeline;
    private final GradingLoop loop;

    public ObservingFeed(MarketFeed pipeline, GradingLoop loop) {
        this.pipeline = pipeline;
        this.loop = loop;
    }

    @Override
    public List<Signal> onMarkets(List<Market> markets, Instant capturedAt) {
        List<Signal> signals = pipeline.onMarkets(markets, capturedAt);
        guarded(() -> loop.afterMarkets(signals, markets, capturedAt));
        return signals;
    }

    @Override
    public List<Signal> onBooks(List<OrderBook> books, Instant capturedAt) {
        List<Signal> signals = pipeline.onBooks(books, capturedAt);
        guarded(() -> loop.afterBooks(signals, books, capturedAt));
        return signals;
    }

    @Override
    public List<Signal> onTrades(List<Trade> trades, Instant capturedAt) {
        List<Signal> signals = pipeline.onTrades(trades, capturedAt);
        guarded(() -> loop.afterSignals(signals, capturedAt));
        return signals;
    }

    private void guarded(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            loop.failed("observing a delivery", e);
        }
    }
}
