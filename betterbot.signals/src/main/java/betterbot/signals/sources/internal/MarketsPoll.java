package betterbot.signals.sources.internal;

import betterbot.signals.SignalJson;
import betterbot.signals.market.Market;
import betterbot.signals.market.Parsed;
import betterbot.signals.market.UpstreamJson;
import betterbot.signals.sources.MarketFeed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gamma markets by 24 h volume ({@code closed=false} sent explicitly), paged until an empty page or the
 * configured number; then, for every NegRisk event among the markets whose books are watched, the event's
 * other markets, so that every leg of the outcome set is known. Feeds the pipeline and the catalog.
 */
final class MarketsPoll implements Poller.Poll {
    static final int PAGE = 100;
    /** Gamma refuses offsets beyond 10,000. */
    static final int MAX_OFFSET = 10_000;

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

    @Override
    public Poller.Outcome run() {
        Instant capturedAt = clock.instant();
        Map<String, Market> byCondition = new LinkedHashMap<>();
        int skipped = 0;
        for (int offset = 0; byCondition.size() < limit && offset <= MAX_OFFSET; offset += PAGE) {
            URI uri = URI.create(gamma + "/markets?closed=false&order=volume24hr&ascending=false&limit=" + PAGE
                    + "&offset=" + offset);
            Step<Parsed<Market>> step = Step.of(http.get(uri, Map.of()), "Gamma markets", UpstreamJson::markets);
            if (step instanceof Step.Stop<Parsed<Market>> stop) {
                return stop.outcome();
            }
            Parsed<Market> page = ((Step.Value<Parsed<Market>>) step).value();
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
            URI uri = URI.create(gamma + "/events?id=" + java.net.URLEncoder.encode(event.getKey(),
                    java.nio.charset.StandardCharsets.UTF_8));
            Step<Parsed<Market>> step = Step.of(http.get(uri, Map.of()), "Gamma events", MarketsPoll::eventMarkets);
            if (step instanceof Step.Stop<Parsed<Market>> stop) {
                failed++;
                incomplete.addAll(event.getValue());
                lastError = message(stop.outcome());
                throttled = asksToWait(stop.outcome());
                continue;
            }
            Parsed<Market> legs = ((Step.Value<Parsed<Market>>) step).value();
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

    /**
     * The markets of a Gamma {@code /events} answer. Markets nested in an event do not repeat their
     * {@code events} field, so the event is put back into each before parsing.
     */
    static Parsed<Market> eventMarkets(String json) {
        JsonNode body;
        try {
            body = SignalJson.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (body.isObject()) {
            ArrayNode one = SignalJson.mapper().createArrayNode();
            one.add(body);
            body = one;
        }
        if (!body.isArray()) {
            throw new IllegalArgumentException("expected an array of events");
        }
        ArrayNode all = SignalJson.mapper().createArrayNode();
        for (JsonNode event : body) {
            ObjectNode ref = SignalJson.mapper().createObjectNode();
            ref.set("id", event.get("id"));
            ref.set("slug", event.get("slug"));
            ref.set("title", event.get("title"));
            if (event.has("negRiskAugmented")) {
                ref.set("negRiskAugmented", event.get("negRiskAugmented"));
            }
            for (JsonNode market : event.path("markets")) {
                if (market instanceof ObjectNode m) {
                    if (!m.has("events")) {
                        m.set("events", SignalJson.mapper().createArrayNode().add(ref));
                    }
                    all.add(m);
                }
            }
        }
        return UpstreamJson.markets(all);
    }
}
