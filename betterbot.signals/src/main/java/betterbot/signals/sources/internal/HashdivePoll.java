package betterbot.signals.sources.internal;

import betterbot.signals.market.HashdiveJson;
import betterbot.signals.market.Parsed;
import betterbot.signals.market.Trade;
import betterbot.signals.sources.MarketFeed;
import betterbot.signals.sources.Recorder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;

/**
 * Hashdive's latest whale trades (needs {@code HASHDIVE_API_KEY}, sent as {@code x-api-key}). Both observed
 * response shapes are accepted: a bare array or {@code {data:[...]}}. The common plan has about 1,000 credits a
 * month, so a "Credit limit exceeded" answer pauses the source until the first day of the next month (UTC).
 */
final class HashdivePoll implements Poller.Poll {
    private final UpstreamHttp http;
    private final URI base;
    private final String apiKey;
    private final double minUsd;
    private final TradeWindow window;
    private final MarketFeed feed;
    private final SourceHealth health;
    private final Clock clock;

    HashdivePoll(UpstreamHttp http, URI base, String apiKey, double minUsd, TradeWindow window, MarketFeed feed,
                 SourceHealth health, Clock clock) {
        this.http = http;
        this.base = base;
        this.apiKey = apiKey;
        this.minUsd = minUsd;
        this.window = window;
        this.feed = feed;
        this.health = health;
        this.clock = clock;
    }

    @Override
    public Poller.Outcome poll() throws PollStop {
        Instant capturedAt = clock.instant();
        URI uri = URI.create(base + "/get_latest_whale_trades?min_usd=" + Math.round(minUsd) + "&limit=100&format=json");
        Fetched fetched = http.get(uri, Map.of("x-api-key", apiKey));
        if (creditLimit(fetched)) {
            Instant nextMonth = LocalDate.ofInstant(capturedAt, ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1)
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
            health.recordFailure("credit limit exceeded; paused until " + nextMonth);
            return new Poller.Outcome.Paused(Duration.between(capturedAt, nextMonth), "Hashdive credit limit exceeded");
        }
        Parsed<Trade> parsed = fetched.parse("Hashdive trades", Recorder.Kind.HASHDIVE_TRADES, HashdiveJson::trades);
        health.recordSkipped(parsed.skipped());
        return new Poller.Outcome.Polled(window.deliver(parsed.rows(), feed, capturedAt));
    }

    private static boolean creditLimit(Fetched fetched) {
        String text = switch (fetched) {
            case Fetched.Body b -> b.text();
            case Fetched.Failure f -> f.excerpt();
            case Fetched.Throttled t -> "";
        };
        return text.toLowerCase(Locale.ROOT).contains("credit limit exceeded");
    }
}
