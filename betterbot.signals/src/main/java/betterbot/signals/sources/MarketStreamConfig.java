package betterbot.signals.sources;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The CLOB market stream (see docs/domain.md, Upstream: CLOB market stream, and docs/internals.md, The market
 * stream): real-time books of the watched markets and of every leg of their NegRisk events.
 *
 * @param url {@code wss://} (or {@code ws://} for a local server) address of the market channel
 * @param enabled false leaves book detection to the polls alone
 * @param maxTokens outcome tokens followed at most, whole outcome sets in the markets poll's order
 * @param silence reconnect when no market message arrived for this long (PONGs do not count)
 * @param pingInterval how often the text {@code PING} keep-alive is sent
 */
public record MarketStreamConfig(URI url, boolean enabled, int maxTokens, Duration silence, Duration pingInterval) {
    public static final URI MARKET_WS = URI.create("wss://ws-subscriptions-clob.polymarket.com/ws/market");

    public MarketStreamConfig {
        Objects.requireNonNull(url, "url");
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must be >= 0, got " + maxTokens);
        }
        if (silence.isNegative() || silence.isZero() || pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("silence and pingInterval must be positive");
        }
    }

    /**
     * On, at Polymarket's address, up to 10,000 tokens (about 20 MB of heap at 20 levels a side, within the unit's
     * {@code -Xmx48m}; see docs/internals.md, The market stream), reconnect after 60 s of silence, PING every 10 s.
     */
    public static MarketStreamConfig defaults() {
        return new MarketStreamConfig(MARKET_WS, true, 10_000, Duration.ofSeconds(60), Duration.ofSeconds(10));
    }

    public MarketStreamConfig withUrl(URI u) {
        return new MarketStreamConfig(u, enabled, maxTokens, silence, pingInterval);
    }
}
