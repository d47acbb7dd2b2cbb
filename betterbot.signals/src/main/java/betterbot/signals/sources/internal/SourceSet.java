package betterbot.signals.sources.internal;

import betterbot.signals.SourceStatus;
import betterbot.signals.grading.Grading;
import betterbot.signals.sources.MarketFeed;
import betterbot.signals.sources.Recorder;
import betterbot.signals.sources.SourceLedger;
import betterbot.signals.sources.SourceLedger.CoverageGap;
import betterbot.signals.sources.SourcesConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the sources from their configuration and owns their lifecycle. */
public final class SourceSet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SourceSet.class);
    /** Failures in a row after which a source is down (its circuit open). */
    static final int DOWN_AFTER = 3;
    /** Spacing between tracked-wallet requests: /trades allows 200 per 10 s. */
    static final Duration WALLET_PACE = Duration.ofMillis(100);

    private final List<SourceHealth> health = new ArrayList<>();
    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<Runnable> starters = new ArrayList<>();
    private final UpstreamHttp http;
    /** The keys, so that no failure message carries one (an upstream may echo what it was sent). */
    private final List<String> secrets;

    public SourceSet(SourcesConfig c, MarketFeed feed, SourceLedger ledger, Clock clock) {
        this(c, feed, ledger, clock, Recorder.OFF, null);
    }

    /**
     * The sources, and with a grading loop its targeted requests ({@code polymarket-grading}, every settlement-check
     * interval; see docs/grading.md).
     *
     * @param recorder where every response the sources parse is recorded; its owner closes it
     * @param grading the grading loop, or null for none
     */
    public SourceSet(SourcesConfig c, MarketFeed feed, SourceLedger ledger, Clock clock, Recorder recorder,
                     Grading grading) {
        this.secrets = java.util.stream.Stream.of(c.hashdiveApiKey(), c.domeApiKey())
                .filter(java.util.Objects::nonNull).toList();
        UpstreamHttp http = new UpstreamHttp(c.connectTimeout(), c.requestTimeout(), clock, recorder);
        this.http = http;
        Backoff backoff = backoff(c);
        Random random = new Random();
        Consumer<CoverageGap> gaps = gap -> {
            try {
                if (gap.end() == null) {
                    ledger.openGap(gap.source(), gap.start(), gap.reason());
                } else {
                    ledger.closeGap(gap.source(), gap.start(), gap.end());
                }
            } catch (RuntimeException e) {
                LOG.warn("cannot record the coverage gap of {}: {}", gap.source(), e.getMessage());
            }
        };
        MarketCatalog catalog = new MarketCatalog();
        TradesPoll trades = new TradesPoll(http, c.dataUrl(), clock);

        SourceHealth markets = health("polymarket-markets", true, clock, gaps);
        poller(markets, c.marketsInterval(), c, backoff, random,
                new MarketsPoll(http, c.gammaUrl(), c.marketsLimit(), c.bookMarkets(), catalog, feed, markets, clock));

        SourceHealth books = health("polymarket-books", true, clock, gaps);
        SourceHealth streamHealth = health("polymarket-stream", c.marketStream().enabled(), clock, gaps);
        MarketStream stream = null;
        if (c.marketStream().enabled()) {
            MarketStream s = new MarketStream(c.marketStream(), catalog, feed, streamHealth, clock, backoff, random,
                    c.connectTimeout());
            starters.add(() -> {
                s.start();
                running.add(s);
            });
            stream = s;
        }
        poller(books, c.booksInterval(), c, backoff, random,
                new BooksPoll(http, c.clobUrl(), c.bookMarkets(), catalog, feed, books, clock, stream));

        SourceHealth whales = health("polymarket-trades", true, clock, gaps);
        poller(whales, c.tradesInterval(), c, backoff, random, new WhaleTradesPoll(trades, c.whaleMinUsd(),
                new TradeWindow("polymarket-trades", c.tradeOverlap(), ledger), feed, whales));

        boolean anyWallet = !c.trackedWallets().isEmpty();
        SourceHealth wallets = health("polymarket-wallets", anyWallet, clock, gaps);
        if (anyWallet) {
            Map<String, TradeWindow> windows = new LinkedHashMap<>();
            c.trackedWallets().forEach(w -> windows.put(w, new TradeWindow("wallet:" + w, c.tradeOverlap(), ledger)));
            poller(wallets, c.walletsInterval(), c, backoff, random,
                    new WalletTradesPoll(trades, c.trackedWallets(), windows, WALLET_PACE, feed, wallets));
        }

        boolean hashdiveOn = c.hashdiveApiKey() != null && !c.hashdiveApiKey().isBlank();
        SourceHealth hashdive = health("hashdive", hashdiveOn, clock, gaps);
        if (hashdiveOn) {
            poller(hashdive, c.hashdiveInterval(), c, backoff, random, new HashdivePoll(http, c.hashdiveUrl(),
                    c.hashdiveApiKey(), c.whaleMinUsd(), new TradeWindow("hashdive", c.tradeOverlap(), ledger), feed,
                    hashdive, clock));
        }

        if (grading != null) {
            SourceHealth graded = health("polymarket-grading", true, clock, gaps);
            poller(graded, grading.config().settlementCheckInterval(), c, backoff, random,
                    new GradingPoll(http, c.gammaUrl(), c.clobUrl(), grading, graded, clock));
        }

        boolean domeOn = c.domeApiKey() != null && !c.domeApiKey().isBlank() && anyWallet;
        SourceHealth domeHealth = health("dome", domeOn, clock, gaps);
        if (domeOn) {
            dome(c, feed, ledger, clock, domeHealth, recorder);
        }
    }

    /**
     * The Dome-compatible order stream of the tracked wallets, in real time. Trades pass through a window of
     * their own, so events replayed after a reconnect are not handed over twice; reconnects back off like the
     * pollers, up to {@code BACKOFF_MAX_SECONDS}.
     */
    private void dome(SourcesConfig c, MarketFeed feed, SourceLedger ledger, Clock clock, SourceHealth h,
                      Recorder recorder) {
        TradeWindow window = new TradeWindow("dome", c.tradeOverlap(), ledger);
        DomeFeed dome = new DomeFeed(domeSettings(c), h, clock, trades -> window.deliver(trades, feed, clock.instant()),
                new Random(), recorder);
        starters.add(() -> {
            dome.start();
            running.add(dome);
        });
    }

    /** The sources' backoff after failures: from 1 s, doubling up to {@code BACKOFF_MAX_SECONDS}. */
    static Backoff backoff(SourcesConfig c) {
        return new Backoff(Duration.ofSeconds(1), c.backoffMax());
    }

    /** The Dome stream's settings; its reconnects back off like every source. */
    static DomeSettings domeSettings(SourcesConfig c) {
        return new DomeSettings(c.domeWsUrl(), c.domeApiKey(), c.trackedWallets(), c.domeMaxUsersPerSubscription(),
                c.domeSilence(), backoff(c), c.connectTimeout());
    }

    private SourceHealth health(String name, boolean enabled, Clock clock, Consumer<CoverageGap> gaps) {
        SourceHealth h = new SourceHealth(name, enabled, DOWN_AFTER, clock, gaps, secrets);
        health.add(h);
        return h;
    }

    private void poller(SourceHealth h, Duration interval, SourcesConfig c, Backoff backoff, Random random,
                        Poller.Poll poll) {
        Poller p = new Poller(h.source(), interval, c.jitter(), backoff, poll, h, Thread::sleep, random);
        starters.add(() -> {
            p.start();
            running.add(p);
        });
    }

    public synchronized void start() {
        starters.forEach(Runnable::run);
        starters.clear();
        LOG.info("sources started: {}", statuses().stream()
                .map(s -> s.name() + (s.state() == SourceStatus.State.DISABLED ? " (disabled)" : "")).toList());
    }

    public List<SourceStatus> statuses() {
        return health.stream().map(SourceHealth::status).toList();
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable r : running) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("stopping a source: {}", e.toString());
            }
        }
        running.clear();
        http.close();
    }
}
