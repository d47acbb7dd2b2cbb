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

    /** Rounds a failing wallet sits out at most: its backoff doubles per failure up to this. */
    static final int MAX_WALLET_SKIP = 64;

    /**
     * Every tracked wallet in turn, paced so a long watch list stays inside the rate limit. A wallet whose request
     * fails costs only itself: it sits out 1, 2, 4 … (at most {@value #MAX_WALLET_SKIP}) rounds while the others
     * are polled every round. The source is degraded while some wallets fail and down only when all do. A
     * throttle ends the round (the rate limit is the source's, not the wallet's); a failed store write fails the
     * poll, so no watermark moves.
     */
    Poller.Poll wallets(List<String> wallets, Map<String, TradeWindow> windows, Duration pace, MarketFeed feed,
                        SourceHealth health) {
        Map<String, Integer> failures = new HashMap<>();
        Map<String, Long> sitOutUntil = new HashMap<>(); // wallet → last round it sits out
        long[] round = {0};
        return () -> {
            long now = ++round[0];
            int items = 0;
            int failed = 0;
            int sittingOut = 0;
            String lastError = null;
            boolean requested = false;
            for (String wallet : wallets) {
                if (sitOutUntil.getOrDefault(wallet, 0L) >= now) {
                    sittingOut++;
                    continue;
                }
                if (requested && !pace.isZero()) {
                    Thread.sleep(pace);
                }
                requested = true;
                String query = "takerOnly=false&user=" + URLEncoder.encode(wallet, StandardCharsets.UTF_8);
                Poller.Outcome outcome = poll(query, false, windows.get(wallet), feed, health);
                switch (outcome) {
                    case Poller.Outcome.Polled p -> {
                        items += p.items();
                        failures.remove(wallet);
                        sitOutUntil.remove(wallet);
                    }
                    case Poller.Outcome.Throttled t -> {
                        return t;
                    }
                    default -> {
                        int n = failures.merge(wallet, 1, Integer::sum);
                        sitOutUntil.put(wallet, now + Math.min(1L << Math.min(n - 1, 30), MAX_WALLET_SKIP));
                        failed++;
                        lastError = wallet + ": " + MarketsPoll.message(outcome);
                    }
                }
            }
            int unavailable = failed + sittingOut;
            if (unavailable == 0) {
                return new Poller.Outcome.Polled(items);
            }
            if (unavailable == wallets.size()) {
                return new Poller.Outcome.Failed("every tracked wallet is failing"
                        + (lastError == null ? " (all sitting out their backoff)" : "; last: " + lastError));
            }
            return new Poller.Outcome.Partial(items, failed, unavailable + " of " + wallets.size()
                    + " tracked wallets failing, the others polled" + (lastError == null ? "" : "; last: " + lastError));
        };
    }

    /** @param takerOnly the query asks for taker fills only, so every fill it returns is a known taker's */
    private Poller.Outcome poll(String query, boolean takerOnly, TradeWindow window, MarketFeed feed,
                                SourceHealth health) {
        Instant capturedAt = clock.instant();
        Instant from = window.reachBackTo();
        List<Trade> fetched = new ArrayList<>();
        int skipped = 0;
        boolean reachedBack = false;
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
        List<Trade> fresh = window.fresh(fetched);
        if (!fresh.isEmpty()) {
            feed.onTrades(fresh, capturedAt);
            window.commit(fresh);
        }
        return new Poller.Outcome.Polled(fresh.size());
    }
}
