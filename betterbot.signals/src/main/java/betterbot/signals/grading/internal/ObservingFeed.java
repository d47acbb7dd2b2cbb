package betterbot.signals.grading.internal;

import betterbot.signals.Signal;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import betterbot.signals.sources.MarketFeed;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A pipeline with the grading loop watching: every delivery goes to the pipeline first, unchanged; its answer (the
 * new signals, already stored) and the delivery's prices then go to the loop. When the pipeline throws, the
 * exception goes back to the poller and the loop sees nothing; nothing the loop does can change the answer. The loop's
 * share runs on the given executor: the caller's thread, or a {@link BackgroundObserver}.
 */
public final class ObservingFeed implements MarketFeed {
    private final MarketFeed pipeline;
    private final GradingLoop loop;
    private final Executor executor;

    public ObservingFeed(MarketFeed pipeline, GradingLoop loop, Executor executor) {
        this.pipeline = pipeline;
        this.loop = loop;
        this.executor = executor;
    }

    @Override
    public List<Signal> onMarkets(List<Market> markets, Instant capturedAt) {
        List<Signal> signals = pipeline.onMarkets(markets, capturedAt);
        List<Market> seen = markets.stream().filter(java.util.Objects::nonNull).toList();
        guarded(() -> loop.afterMarkets(signals, seen, capturedAt));
        return signals;
    }

    @Override
    public List<Signal> onBooks(List<OrderBook> books, Instant capturedAt) {
        List<Signal> signals = pipeline.onBooks(books, capturedAt);
        List<OrderBook> seen = books.stream().filter(java.util.Objects::nonNull).toList();
        guarded(() -> loop.afterBooks(signals, seen, capturedAt));
        return signals;
    }

    @Override
    public List<Signal> onTrades(List<Trade> trades, Instant capturedAt) {
        List<Signal> signals = pipeline.onTrades(trades, capturedAt);
        guarded(() -> loop.afterSignals(signals, capturedAt));
        return signals;
    }

    /** The lists handed over are copies: the caller may reuse its own once this returns. */
    private void guarded(Runnable r) {
        executor.execute(() -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                loop.failed("observing a delivery", e);
            }
        });
    }
}
