package betterbot.signals.sources.internal;

import betterbot.signals.SignalJson;
import betterbot.signals.market.GammaJson;
import betterbot.signals.market.Market;
import betterbot.signals.market.Parsed;
import betterbot.signals.sources.MarketFeed;
import betterbot.signals.sources.Recorder;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gamma markets by 24 h volume ({@code closed=false} sent explicitly) from the keyset route
 * {@code GET /markets/keyset}, following {@code next_cursor} until the last page or the configured number; only
 * an upstream without that route (it answers 404) is read through the deprecated {@code /markets?offset=} list.
 * Then, for every NegRisk event among the markets whose books are watched, {@code GET /events/{id}} gives the
 * event's other markets, closed ones included, so that every leg of the outcome set is known. Feeds the
 * pipeline and the catalog.
 */
final class MarketsPoll implements Poller.Poll {
    /** Gamma's largest keyset page. */
    static final int KEYSET_PAGE = 1_000;
    /** Page of the legacy offset route. */
    static final int PAGE = 100;
    /** Gamma refuses offsets beyond 10,000. */
    static final int MAX_OFFSET = 10_000;
    static final String FILTERS = "closed=false&order=volume24hr&ascending=false";

    private final UpstreamHttp http;
    private final URI gamma;
    private final int limit;
    private final int bookMarkets;
    private final MarketCatalog catalog;
    private final MarketFeed feed;
    private final SourceHealth health;
    private final Clock clock;

    MarketsPoll(UpstreamHttp http, URI gamma, int limit, int bookMarkets, MarketCatalog catalog, MarketFeed feed,
                SourceHealth health, Clock clock) {
        this.http = http;
        this.gamma = gamma;
        this.limit = limit;
        this.bookMarkets = bookMarkets;
        this.catalog = catalog;
        this.feed = feed;
        this.health = health;
        this.clock = clock;
    }

    /** One keyset page: its markets and the opaque cursor of the next page (null on the last). */
    record KeysetPage(Parsed<Market> markets, String nextCursor) {
    }

    @Override
    public Poller.Outcome poll() throws PollStop {
        Instant capturedAt = clock.instant();
        Map<String, Market> byCondition = new LinkedHashMap<>();
        int skipped = keyset(byCondition);
        List<Market> markets = new ArrayList<>(byCondition.values());
        Legs legs = addNegRiskLegs(markets, byCondition);
        skipped += legs.skipped();
        health.recordSkipped(skipped);
        catalog.replace(markets, legs.incompleteEvents());
        feed.onMarkets(markets, capturedAt);
        if (legs.failedEvents() > 0) {
            return new Poller.Outcome.Partial(markets.size(), legs.failedEvents(), legs.failedEvents()
                    + " of " + legs.events() + " NegRisk events not fetched, their price deviations skipped: "
                    + legs.lastError());
        }
        return new Poller.Outcome.Polled(markets.size());
    }

    /** Pages through {@code /markets/keyset}; returns the rows skipped as malformed. */
    private int keyset(Map<String, Market> byCondition) throws PollStop {
        int skipped = 0;
        String cursor = null;
        Set<String> cursorsSeen = new HashSet<>();
        while (byCondition.size() < limit) {
            String uri = gamma + "/markets/keyset?" + FILTERS + "&limit=" + Math.min(KEYSET_PAGE, limit)
                    + (cursor == null ? "" : "&after_cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            Fetched fetched = http.get(URI.create(uri), Map.of());
            if (cursor == null && fetched instanceof Fetched.Failure f && f.status() == 404) {
                return legacy(byCondition); // an upstream without the keyset route; never the other way round
            }
            KeysetPage page = fetched.parse("Gamma markets", Recorder.Kind.GAMMA_MARKETS, MarketsPoll::keysetPage);
            skipped += page.markets().skipped();
            for (Market m : page.markets().rows()) {
                if (byCondition.size() < limit) {
                    byCondition.putIfAbsent(m.conditionId(), m);
                }
            }
            cursor = page.nextCursor();
            boolean empty = page.markets().rows().isEmpty() && page.markets().skipped() == 0;
            if (cursor == null || empty || !cursorsSeen.add(cursor)) {
                break; // the last page; an empty page or a cursor seen before would only loop
            }
        }
        return skipped;
    }

    /** The deprecated offset route, for an upstream that has no keyset route. */
    private int legacy(Map<String, Market> byCondition) throws PollStop {
        int skipped = 0;
        for (int offset = 0; byCondition.size() < limit && offset <= MAX_OFFSET; offset += PAGE) {
            URI uri = URI.create(gamma + "/markets?" + FILTERS + "&limit=" + PAGE + "&offset=" + offset);
            Parsed<Market> page = http.get(uri, Map.of()).parse("Gamma markets", Recorder.Kind.GAMMA_MARKETS,
                    GammaJson::markets);
            skipped += page.skipped();
            if (page.rows().isEmpty() && page.skipped() == 0) {
                break; // a short page is not the end, an empty one is
            }
            for (Market m : page.rows()) {
                if (byCondition.size() < limit) {
                    byCondition.putIfAbsent(m.conditionId(), m);
                }
            }
        }
        return skipped;
    }

    /** A {@code /markets/keyset} answer: {@code {"markets": [...], "next_cursor": "..."}}. */
    static KeysetPage keysetPage(String json) {
        JsonNode body = tree(json);
        if (!body.isObject()) {
            throw new IllegalArgumentException("expected a keyset page {\"markets\": [...]}, got "
                    + body.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode next = body.get("next_cursor");
        String cursor = next == null || next.isNull() || next.asText().isBlank() ? null : next.asText();
        return new KeysetPage(GammaJson.markets(body), cursor);
    }

    private static JsonNode tree(String json) {
        try {
            return SignalJson.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * What fetching the NegRisk events gave.
     *
     * @param incompleteEvents the {@code negRiskMarketID}s of the events that could not be fetched
     */
    private record Legs(int events, int skipped, int failedEvents, Set<String> incompleteEvents, String lastError) {
    }

    /**
     * Fetches the events of watched NegRisk markets and appends their markets not yet known. An event that
     * cannot be fetched costs only itself: its outcome set may be incomplete, so it is marked and never judged
     * as a set; after a throttle the remaining events wait for the next poll the same way.
     */
    private Legs addNegRiskLegs(List<Market> markets, Map<String, Market> known) {
        Map<String, Set<String>> events = new LinkedHashMap<>(); // event id → negRiskMarketIDs of its markets
        for (Market m : markets.subList(0, Math.min(bookMarkets, markets.size()))) {
            if (m.negRisk() && m.eventId() != null) {
                Set<String> ids = events.computeIfAbsent(m.eventId(), k -> new LinkedHashSet<>());
                if (m.negRiskMarketId() != null) {
                    ids.add(m.negRiskMarketId());
                }
            }
        }
        int skipped = 0;
        int failed = 0;
        String lastError = null;
        boolean throttled = false;
        Set<String> incomplete = new LinkedHashSet<>();
        for (Map.Entry<String, Set<String>> event : events.entrySet()) {
            if (throttled) {
                failed++;
                incomplete.addAll(event.getValue());
                continue;
            }
            URI uri = URI.create(gamma + "/events/" + URLEncoder.encode(event.getKey(), StandardCharsets.UTF_8));
            Parsed<Market> legs;
            try {
                legs = http.get(uri, Map.of()).parse("Gamma events", Recorder.Kind.GAMMA_EVENT,
                        GammaJson::eventMarkets);
            } catch (PollStop stop) {
                failed++;
                incomplete.addAll(event.getValue());
                lastError = message(stop.outcome());
                throttled = asksToWait(stop.outcome());
                continue;
            }
            skipped += legs.skipped();
            for (Market leg : legs.rows()) {
                if (known.putIfAbsent(leg.conditionId(), leg) == null) {
                    markets.add(leg);
                }
            }
        }
        return new Legs(events.size(), skipped, failed, incomplete, lastError);
    }

    /** A throttle that names its wait (Retry-After): the remaining requests wait for the next poll too. */
    static boolean asksToWait(Poller.Outcome outcome) {
        return outcome instanceof Poller.Outcome.Throttled t && t.retryAfter() != null;
    }

    static String message(Poller.Outcome outcome) {
        return switch (outcome) {
            case Poller.Outcome.Failed f -> f.message();
            case Poller.Outcome.Throttled t -> t.message();
            default -> outcome.toString();
        };
    }
}
