package betterbot.signals.sources.internal;

import betterbot.signals.sources.MarketFeed;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tracked wallet's Data API trades ({@code user=}, maker fills included) in turn, paced so a long watch list
 * stays inside the rate limit. A wallet whose request fails costs only itself: it sits out 1, 2, 4 … (at most
 * {@value #MAX_WALLET_SKIP}) rounds while the others are polled every round. The source is degraded while some
 * wallets fail and down only when all do. A throttle ends the round (the rate limit is the source's, not the
 * wallet's); a failed store write fails the poll, so no watermark moves. Not thread-safe: one poller owns it.
 */
final class WalletTradesPoll implements Poller.Poll {
    /** Rounds a failing wallet sits out at most: its backoff doubles per failure up to this. */
    static final int MAX_WALLET_SKIP = 64;

    private final TradesPoll trades;
    private final List<String> wallets;
    private final Map<String, TradeWindow> windows;
    private final Duration pace;
    private final MarketFeed feed;
    private final SourceHealth health;
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, Long> sitOutUntil = new HashMap<>(); // wallet → last round it sits out
    private long round;

    WalletTradesPoll(TradesPoll trades, List<String> wallets, Map<String, TradeWindow> windows, Duration pace,
                     MarketFeed feed, SourceHealth health) {
        this.trades = trades;
        this.wallets = List.copyOf(wallets);
        this.windows = windows;
        this.pace = pace;
        this.feed = feed;
        this.health = health;
    }

    @Override
    public Poller.Outcome poll() throws PollStop, InterruptedException {
        long now = ++round;
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
            try {
                items += trades.poll(query(wallet), false, windows.get(wallet), feed, health);
                failures.remove(wallet);
                sitOutUntil.remove(wallet);
            } catch (PollStop stop) {
                if (stop.outcome() instanceof Poller.Outcome.Throttled) {
                    throw stop;
                }
                int n = failures.merge(wallet, 1, Integer::sum);
                sitOutUntil.put(wallet, now + Math.min(1L << Math.min(n - 1, 30), MAX_WALLET_SKIP));
                failed++;
                lastError = wallet + ": " + MarketsPoll.message(stop.outcome());
            }
        }
        return outcome(items, failed, failed + sittingOut, lastError);
    }

    private Poller.Outcome outcome(int items, int failed, int unavailable, String lastError) {
        if (unavailable == 0) {
            return new Poller.Outcome.Polled(items);
        }
        if (unavailable == wallets.size()) {
            return new Poller.Outcome.Failed("every tracked wallet is failing"
                    + (lastError == null ? " (all sitting out their backoff)" : "; last: " + lastError));
        }
        return new Poller.Outcome.Partial(items, failed, unavailable + " of " + wallets.size()
                + " tracked wallets failing, the others polled" + (lastError == null ? "" : "; last: " + lastError));
    }

    private static String query(String wallet) {
        return "takerOnly=false&user=" + URLEncoder.encode(wallet, StandardCharsets.UTF_8);
    }
}
