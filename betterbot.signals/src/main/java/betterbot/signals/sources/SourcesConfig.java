package betterbot.signals.sources;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the upstream sources need: base URLs (configurable so tests and mirrors can stand in), keys of
 * the optional sources, what to fetch and how often, and the HTTP timeouts.
 *
 * @param hashdiveApiKey null disables Hashdive
 * @param domeApiKey null disables the Dome-compatible stream
 * @param marketsLimit Gamma markets fetched per poll, by 24 h volume
 * @param bookMarkets markets whose books are fetched (plus every leg of their NegRisk events)
 * @param whaleMinUsd the Data API {@code filterAmount} of the whale feed
 * @param trackedWallets lower-case addresses polled one by one
 * @param tradeOverlap how far back each trade poll reaches behind its watermark
 * @param jitter fraction of each interval randomised, e.g. 0.1 for ±10 %
 * @param domeMaxUsersPerSubscription wallets per Dome subscription message (the plan's limit: 5 on the free tier)
 * @param domeSilence reconnect when the Dome stream says nothing for this long
 * @param marketStream the CLOB market stream of real-time books
 */
public record SourcesConfig(URI gammaUrl, URI dataUrl, URI clobUrl, URI hashdiveUrl, String hashdiveApiKey,
                            URI domeWsUrl, String domeApiKey, int marketsLimit, int bookMarkets,
                            double whaleMinUsd, List<String> trackedWallets, Duration marketsInterval,
                            Duration booksInterval, Duration tradesInterval, Duration walletsInterval,
                            Duration hashdiveInterval, Duration tradeOverlap, double jitter, Duration connectTimeout,
                            Duration requestTimeout, Duration backoffMax, int domeMaxUsersPerSubscription,
                            Duration domeSilence, MarketStreamConfig marketStream) {
    public static final URI GAMMA = URI.create("https://gamma-api.polymarket.com");
    public static final URI DATA = URI.create("https://data-api.polymarket.com");
    public static final URI CLOB = URI.create("https://clob.polymarket.com");
    public static final URI HASHDIVE = URI.create("https://hashdive.com/api");
    public static final URI DOME_WS = URI.create("wss://ws.domeapi.io");

    public SourcesConfig {
        Objects.requireNonNull(gammaUrl, "gammaUrl");
        Objects.requireNonNull(dataUrl, "dataUrl");
        Objects.requireNonNull(clobUrl, "clobUrl");
        Objects.requireNonNull(marketStream, "marketStream");
        trackedWallets = trackedWallets.stream().map(w -> w.toLowerCase(java.util.Locale.ROOT)).distinct().toList();
    }

    /** The defaults of docs/domain.md, pointed at the real hosts. */
    public static SourcesConfig defaults() {
        return new SourcesConfig(GAMMA, DATA, CLOB, HASHDIVE, null, DOME_WS, null, 500, 200, 10_000,
                List.of(), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(15),
                Duration.ofSeconds(30), Duration.ofMinutes(45), Duration.ofMinutes(5), 0.1, Duration.ofSeconds(5),
                Duration.ofSeconds(15), Duration.ofMinutes(5), 5, Duration.ofSeconds(120),
                MarketStreamConfig.defaults());
    }
}
