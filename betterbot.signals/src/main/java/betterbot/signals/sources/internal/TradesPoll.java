package betterbot.signals.sources.internal;

import betterbot.signals.market.DataApiJson;
import betterbot.signals.market.Parsed;
import betterbot.signals.market.Trade;
import betterbot.signals.sources.MarketFeed;
import betterbot.signals.sources.Recorder;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Data API trades, newest first, paged by offset back to a feed's window and delivered through it: what the
 * whale feed ({@link WhaleTradesPoll}) and the tracked wallets ({@link WalletTradesPoll}) share. Taker trades
 * only for the whale feed, so volume is not counted twice (its fills are marked as known takers'); a tracked
 * wallet's maker fills count too, and its rows, maker and taker mixed, are not marked. See docs/domain.md,
 * Upstream: Data API.
 */
final class TradesPoll {
    static final int PAGE = 500;
    /** The Data API refuses offsets beyond 10,000. */
    static final int MAX_OFFSET = 10_000;

    private final UpstreamHttp http;
    private final URI data;
    private final Clock clock;

    TradesPoll(UpstreamHttp http, URI data, Clock clock) {
        this.http = http;
        this.data = data;
        this.clock = clock;
    }

    /**
     * Fetches the pages of one query back to the window and delivers the fresh trades.
     *
     * @param takerOnly the query asks for taker fills only, so every fill it returns is a known taker's
     * @return how many trades were delivered
     */
    int poll(String query, boolean takerOnly, TradeWindow window, MarketFeed feed, SourceHealth health)
            throws PollStop {
        Instant capturedAt = clock.instant();
        Instant from = window.reachBackTo();
        List<Trade> fetched = new ArrayList<>();
        int skipped = 0;
        boolean reachedBack = false;
        for (int offset = 0; offset <= MAX_OFFSET - PAGE; offset += PAGE) {
            URI uri = URI.create(data + "/trades?" + query + "&limit=" + PAGE + "&offset=" + offset);
            Parsed<Trade> page = http.get(uri, Map.of()).parse("Data API trades",
                    takerOnly ? Recorder.Kind.DATA_TRADES : Recorder.Kind.DATA_WALLET_TRADES,
                    json -> DataApiJson.trades(json, takerOnly));
            fetched.addAll(page.rows());
            skipped += page.skipped();
            boolean reachedWindow = from == null || page.rows().stream().anyMatch(t -> t.timestamp().isBefore(from));
            if (page.rows().size() + page.skipped() < PAGE || reachedWindow) {
                reachedBack = true;
                break; // the last page, or the page reaching behind the window: nothing newer is missing
            }
        }
        if (!reachedBack && from != null && !fetched.isEmpty()) {
            // the offset cap ends the paging before the window: the trades in between are out of reach
            Instant oldest = fetched.stream().map(Trade::timestamp).min(Instant::compareTo).orElseThrow();
            health.recordGap(from, oldest, "more trades than the Data API's offset cap of " + MAX_OFFSET
                    + " reaches; older trades of this window were not fetched");
        }
        health.recordSkipped(skipped);
        return window.deliver(fetched, feed, capturedAt);
    }
}
