package betterbot.signals.detection.internal;

import betterbot.signals.SignalType;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.market.Market;
import betterbot.signals.market.Trade;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code whale_cluster}: at least {@code CLUSTER_MIN_WALLETS} <em>distinct wallets</em>, each with a trade of at
 * least {@code WHALE_MIN_USD}, taking the same market, outcome and side within a sliding window (trade time).
 * One wallet trading many times is one wallet. Only known taker fills count, and not settlement sweeps (the
 * followed side at {@code FOLLOW_MAX_PRICE} or above). A cluster is one situation from the moment it forms until
 * it falls apart; it is reported when it forms and again only when it grows into a higher confidence tier
 * (4, 5, then 6+ wallets), each a new fact worth a signal, never on every qualifying trade. A trade older than
 * {@code FOLLOW_MAX_AGE_MINUTES} when first seen still counts toward its window, but a cluster is reported only
 * by a fresh trade: one that a backlog completes is reported by the next fresh qualifying trade of its window,
 * if the cluster still holds by then.
 */
final class WhaleClusterDetector implements TradeDetector, Stateful {
    private static final int TOP_TIER = 6;
    /** Bounds the work per trade on a market hammered by whales; far above any real hour's count. */
    private static final int MAX_TRADES_PER_WINDOW = 512;

    /** Markets, outcomes and sides with qualifying trades inside the window: far above any real hour's count. */
    private static final int MAX_WINDOWS = 20_000;

    private final DetectionConfig config;
    private final long windowMillis;
    /** Kept across restarts, so a cluster still forming when the service stopped forms after it starts. */
    private final StateMap<Window> windows;

    /** The qualifying trades of one market, outcome and side inside the window. */
    static final class Window {
        final List<Trade> trades = new ArrayList<>();
        long newest;
        Instant formedAt;
        int reportedTier;

        Window copy() {
            Window w = new Window();
            w.trades.addAll(trades);
            w.newest = newest;
            w.formedAt = formedAt;
            w.reportedTier = reportedTier;
            return w;
        }
    }

    WhaleClusterDetector(DetectionConfig config) {
        this.config = config;
        this.windowMillis = config.clusterWindow().toMillis();
        this.windows = new StateMap<>(MAX_WINDOWS, new WindowCodec(2 * windowMillis));
    }

    @Override
    public String name() {
        return SignalType.WHALE_CLUSTER;
    }

    @Override
    public boolean takerFillsOnly() {
        return true;
    }

    @Override
    public void onTrade(Trade t, MarketCache markets, Instant capturedAt, List<Detection> out) {
        if (!t.knownTaker() || FollowDetails.followedPrice(t) >= config.followMaxPrice()
                || Figures.usd(t.usdSize()) < config.whaleMinUsd()) {
            return;
        }
        // the outcome token names market and outcome; the side is the taker's (a SELL of NO is not a BUY of YES)
        Window w = windows.edit(t.assetId() + '|' + t.side(), Window::new);
        long time = t.timestamp().toEpochMilli();
        if (!w.trades.isEmpty() && time < w.newest - windowMillis) {
            return; // a late page's trade that is already outside the window
        }
        if (w.trades.contains(t)) {
            return; // handed over again after a restart: already counted
        }
        w.trades.add(t);
        w.newest = w.trades.size() == 1 ? time : Math.max(w.newest, time);
        long oldestKept = w.newest - windowMillis;
        w.trades.removeIf(x -> x.timestamp().toEpochMilli() < oldestKept);
        if (w.trades.size() > MAX_TRADES_PER_WINDOW) {
            w.trades.remove(0);
        }

        TreeSet<String> wallets = new TreeSet<>();
        double totalUsd = 0;
        Instant earliest = null;
        for (Trade x : w.trades) {
            wallets.add(x.wallet());
            totalUsd += x.usdSize();
            earliest = earliest == null || x.timestamp().isBefore(earliest) ? x.timestamp() : earliest;
        }
        if (wallets.size() < config.clusterMinWallets()) {
            w.formedAt = null; // fell apart (or never formed): the next one is a new cluster
            w.reportedTier = 0;
            return;
        }
        if (w.formedAt == null) {
            w.formedAt = earliest;
        }
        int tier = Math.min(wallets.size(), TOP_TIER);
        if (tier <= w.reportedTier || !FollowDetails.fresh(t, capturedAt, config)) {
            return;
        }
        w.reportedTier = tier;
        Market m = FollowDetails.market(t, markets);
        int windowMinutes = (int) config.clusterWindow().toMinutes();
        String id = "whale_cluster:" + SignalIds.hash(t.assetId() + '|' + t.side() + '|'
                + w.formedAt.toEpochMilli() + '|' + tier);
        out.add(new Detection(id, new SignalType.WhaleCluster(wallets.size(), List.copyOf(wallets),
                Figures.usd(totalUsd), t.side(), t.outcome(), windowMinutes), FollowDetails.slug(t, m),
                confidence(wallets.size()), FollowDetails.of(t, m, null).build(), t.source()));
    }

    @Override
    public void sweep(Instant capturedAt) {
        long horizon = capturedAt.toEpochMilli() - 2 * windowMillis;
        for (String key : windows.keys()) {
            Window w = windows.get(key);
            if (w.trades.isEmpty() || w.newest < horizon) {
                windows.remove(key);
            }
        }
    }

    @Override
    public List<StateMap<?>> state() {
        return List.of(windows);
    }

    /** 3 wallets 0.70, 4 0.80, 5 0.90, 6+ 0.95 (docs/domain.md, Detection rules). */
    static double confidence(int wallets) {
        return wallets >= 6 ? 0.95 : wallets == 5 ? 0.90 : wallets == 4 ? 0.80 : 0.70;
    }
}
