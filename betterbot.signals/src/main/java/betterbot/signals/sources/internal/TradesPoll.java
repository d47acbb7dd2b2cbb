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
import java.util.HashMap;
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

    /**
     * Every tracked wallet in turn, paced so a long watch list stays inside the rate limit. A wallet whose
     * request fails is skipped with a backoff of its own (1, 2, 4... rounds, at most 32) while the rest of the
     * list is polled every round; a throttle stops the round (the rate limit is shared).
     */
    Poller.Poll wallets(List<String> wallets, Map<String, TradeWindow> windows, Duration pace, MarketFeed feed,
                        SourceHealth health) {
        Map<String, int[]> backoff = new HashMap<>(); // wallet → {failures in a row, rounds still to skip}
        return () -> {
            int items = 0;
            int failed = 0;
            String lastError = null;
            boolean first = true;
            for (String wallet : wallets) {
                int[] b = backoff.get(wallet);
                if (b != null && b[1] > 0) {
                    b[1]--;
                    failed++;
                    continue;
                }
                if (!first && !pace.isZero()) {
                    Thread.sleep(pace);
                }
                first = false;
                String query = "takerOnly=false&user=" + URLEncoder.encode(wallet, StandardCharsets.UTF_8);
                Poller.Outcome outcome = poll(query, false, windows.get(wallet), feed, health);
                switch (outcome) {
                    case Poller.Outcome.Polled p -> {
                        items += p.items();
                        backoff.remove(wallet);
                    }
                    case Poller.Outcome.Failed f -> {
                        failed++;
                        lastError = "wallet " + wallet + ": " + f.message();
                        int[] next = backoff.computeIfAbsent(wallet, w -> new int[2]);
                        next[0]++;
                        next[1] = Math.min(32, 1 << Math.min(5, next[0] - 1));
                    }
                    default -> {
                        return outcome;
                    }
                }
            }
            if (failed == wallets.size() && lastError != null) {
                return new Poller.Outcome.Failed(lastError);
            }
            if (failed > 0) {
                return new Poller.Outcome.Partial(items, failed, failed + " of " + wallets.size()
                        + " wallets not polled this round" + (lastError == null ? "" : "; last: " + lastError));
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
