package betterbot.signals.sources.internal;

import betterbot.signals.market.Parsed;
import betterbot.signals.market.Trade;
import betterbot.signals.market.UpstreamJson;
import betterbot.signals.sources.MarketFeed;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Data API trades, newest first, paged by offset back to the feed's window: the platform-wide whale feed
 * ({@code filterType=CASH}) or one tracked wallet ({@code user=}). Taker trades only for the whale feed, so
 * volume is not counted twice (its fills are marked as known takers'); a tracked wallet's maker fills count too,
 * and its rows, maker and taker mixed, are not marked.
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

    /** The whale feed: trades of at least {@code minUsd}. */
    Poller.Poll whales(double minUsd, TradeWindow window, MarketFeed feed, SourceHealth health) {
        String query = "takerOnly=true&filterType=CASH&filterAmount=" + Math.round(minUsd);
        return () -> poll(query, true, window, feed, health);
    }

    /** Every tracked wallet in turn, paced so a long watch list stays inside the rate limit. */
    Poller.Poll wallets(List<String> wallets, Map<String, TradeWindow> windows, Duration pace, MarketFeed feed,
                        SourceHealth health) {
        return () -> {
            int items = 0;
            for (int i = 0; i < wallets.size(); i++) {
                if (i > 0 && !pace.isZero()) {
                    Thread.sleep(pace);
                }
                String wallet = wallets.get(i);
                String query = "takerOnly=false&user=" + URLEncoder.encode(wallet, StandardCharsets.UTF_8);
                Poller.Outcome outcome = poll(query, false, windows.get(wallet), feed, health);
                switch (outcome) {
                    case Poller.Outcome.Polled p -> items += p.items();
                    default -> {
                        return outcome;
                    }
                }
            }
            return new Poller.Outcome.Polled(items);
        };
    }

    /** @param takerOnly the query asks for taker fills only, so every fill it returns is a known taker's */
    private Poller.Outcome poll(String query, boolean takerOnly, TradeWindow window, MarketFeed feed,
                                SourceHealth health) {
        Instant capturedAt = clock.instant();
        Instant from = window.reachBackTo();
        List<Trade> fetched = new ArrayList<>();
        int skipped = 0;
        for (int offset = 0; offset <= MAX_OFFSET - PAGE; offset += PAGE) {
            URI uri = URI.create(data + "/trades?" + query + "&limit=" + PAGE + "&offset=" + offset);
            Step<Parsed<Trade>> step = Step.of(http.get(uri, Map.of()), "Data API trades",
                    json -> UpstreamJson.trades(json, takerOnly));
            if (step instanceof Step.Stop<Parsed<Trade>> stop) {
                return stop.outcome();
            }
            Parsed<Trade> page = ((Step.Value<Parsed<Trade>>) step).value();
            fetched.addAll(page.rows());
            skipped += page.skipped();
            boolean reachedWindow = from == null || page.rows().stream().anyMatch(t -> t.timestamp().isBefore(from));
            if (page.rows().size() + page.skipped() < PAGE || reachedWindow) {
                break; // the last page, or the page reaching behind the window: nothing newer is missing
            }
        }
        health.recordSkipped(skipped);
        List<Trade> fresh = window.fresh(fetched);
        if (!fresh.isEmpty()) {
            feed.onTrades(fresh, capturedAt);
            window.commit(fresh);
        }
        return new Poller.Outcome.Polled(fresh.size());
    }
}
