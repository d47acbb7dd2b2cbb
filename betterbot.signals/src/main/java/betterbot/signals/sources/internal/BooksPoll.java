package betterbot.signals.sources.internal;

import betterbot.signals.SignalJson;
import betterbot.signals.market.ClobJson;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Parsed;
import betterbot.signals.sources.MarketFeed;
import betterbot.signals.sources.Recorder;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CLOB order books ({@code POST /books}, at most 500 tokens a request) of the top markets by 24 h volume plus
 * every open leg of their NegRisk events. Tokens are grouped by outcome set so that one event's legs always travel in
 * the same request, and the whole batch goes to the pipeline at once: its legs come from one moment. A failing
 * request costs only its own books: the others are delivered and the source is degraded, not down.
 *
 * <p>With the market stream on, the poll is also its reconciliation (docs/internals.md, The market stream): every
 * book fetched is checked against the streamed one, and each poll fetches up to {@link #RECONCILE_TOKENS} more of
 * the streamed tokens, round robin, only to check them. The poll's own books go to the pipeline whether the stream
 * is up or down, so when it is down the polled books cover the watched markets without a gap.
 */
final class BooksPoll implements Poller.Poll {
    static final int MAX_TOKENS_PER_REQUEST = 500;
    /** Streamed tokens beyond the watched ones checked per poll: one more request. */
    static final int RECONCILE_TOKENS = MAX_TOKENS_PER_REQUEST;

    private final UpstreamHttp http;
    private final URI clob;
    private final int bookMarkets;
    private final MarketCatalog catalog;
    private final MarketFeed feed;
    private final SourceHealth health;
    private final Clock clock;
    private final MarketStream stream;

    BooksPoll(UpstreamHttp http, URI clob, int bookMarkets, MarketCatalog catalog, MarketFeed feed,
              SourceHealth health, Clock clock) {
        this(http, clob, bookMarkets, catalog, feed, health, clock, null);
    }

    /** @param stream the market stream whose books each poll checks, or null without one */
    BooksPoll(UpstreamHttp http, URI clob, int bookMarkets, MarketCatalog catalog, MarketFeed feed,
              SourceHealth health, Clock clock, MarketStream stream) {
        this.stream = stream;
        this.http = http;
        this.clob = clob;
        this.bookMarkets = bookMarkets;
        this.catalog = catalog;
        this.feed = feed;
        this.health = health;
        this.clock = clock;
    }

    @Override
    public Poller.Outcome poll() {
        List<List<String>> groups = tokenGroups(catalog.markets(), bookMarkets);
        if (groups.isEmpty()) {
            health.recordWaiting("waiting for the markets source: no markets known yet");
            return new Poller.Outcome.Waiting();
        }
        Instant capturedAt = clock.instant();
        List<OrderBook> books = new ArrayList<>();
        List<List<String>> requests = requests(groups, MAX_TOKENS_PER_REQUEST);
        int skipped = 0;
        int failed = 0;
        Poller.Outcome lastFailure = null;
        for (List<String> request : requests) {
            if (lastFailure != null && MarketsPoll.asksToWait(lastFailure)) {
                failed++; // throttled: the remaining batches wait for the next poll
                continue;
            }
            try {
                Parsed<OrderBook> parsed = fetch(request);
                books.addAll(parsed.rows());
                skipped += parsed.skipped();
            } catch (PollStop stop) {
                failed++; // one failed batch costs only its own books
                lastFailure = stop.outcome();
            }
        }
        if (failed == requests.size()) {
            return lastFailure;
        }
        health.recordSkipped(skipped);
        deliver(books, catalog, capturedAt);
        if (stream != null && lastFailure == null) {
            reconcile(books);
        }
        if (failed > 0) {
            return new Poller.Outcome.Partial(books.size(), failed, failed + " of " + requests.size()
                    + " books batches failed, their books skipped: " + MarketsPoll.message(lastFailure));
        }
        return new Poller.Outcome.Polled(books.size());
    }

    private Parsed<OrderBook> fetch(List<String> tokens) throws PollStop {
        ArrayNode body = SignalJson.mapper().createArrayNode();
        tokens.forEach(token -> body.addObject().put("token_id", token));
        return http.postJson(URI.create(clob + "/books"), body.toString(), Map.of())
                .parse("CLOB books", Recorder.Kind.CLOB_BOOKS, ClobJson::books);
    }

    /**
     * Checks the streamed books against the polled ones and a further slice of the streamed tokens. The slice's
     * failure costs only the check: the poll's own books were delivered.
     */
    private void reconcile(List<OrderBook> polled) {
        Set<String> fetched = new HashSet<>();
        polled.forEach(b -> fetched.add(b.assetId()));
        List<OrderBook> check = new ArrayList<>(polled);
        List<String> more = stream.tokensToCheck(fetched, RECONCILE_TOKENS);
        if (!more.isEmpty()) {
            try {
                check.addAll(fetch(more).rows());
            } catch (PollStop stop) {
                // checked on a later poll: the slice moves on
            }
        }
        stream.reconcile(check);
    }

    /**
     * Hands the books to the pipeline as one batch, except the legs of NegRisk events not fully fetched: each of
     * their markets goes in a batch of its own, so its spread is still judged but its event never as a set.
     */
    private void deliver(List<OrderBook> books, MarketCatalog catalog, Instant capturedAt) {
        Set<String> incomplete = catalog.incompleteEvents();
        if (incomplete.isEmpty()) {
            feed.onBooks(books, capturedAt);
            return;
        }
        Map<String, String> conditionOfToken = new HashMap<>();
        for (Market m : catalog.markets()) {
            if (m.negRisk() && incomplete.contains(m.negRiskMarketId())) {
                m.tokenIds().forEach(token -> conditionOfToken.put(token, m.conditionId()));
            }
        }
        List<OrderBook> together = new ArrayList<>(books.size());
        Map<String, List<OrderBook>> alone = new LinkedHashMap<>();
        for (OrderBook b : books) {
            String condition = conditionOfToken.get(b.assetId());
            if (condition == null) {
                together.add(b);
            } else {
                alone.computeIfAbsent(condition, c -> new ArrayList<>()).add(b);
            }
        }
        feed.onBooks(together, capturedAt);
        for (List<OrderBook> market : alone.values()) {
            feed.onBooks(market, capturedAt);
        }
    }

    /**
     * The tokens to fetch, one group per outcome set: a NegRisk event's open markets together, any other market on
     * its own. The watched markets are the first {@code bookMarkets}; their NegRisk events add their open legs
     * (closed legs stay known to the detectors, which need their resolutions, but have no book).
     */
    static List<List<String>> tokenGroups(List<Market> markets, int bookMarkets) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        List<Market> watched = markets.subList(0, Math.min(bookMarkets, markets.size()));
        for (Market m : watched) {
            groups.computeIfAbsent(outcomeSet(m, Set.of()), k -> new ArrayList<>());
        }
        for (Market m : markets) {
            List<String> group = groups.get(outcomeSet(m, Set.of()));
            if (group != null && m.isOpen()) { // a closed or halted leg has no book to fetch
                for (String token : m.tokenIds()) {
                    if (!group.contains(token)) {
                        group.add(token);
                    }
                }
            }
        }
        groups.values().removeIf(List::isEmpty);
        return new ArrayList<>(groups.values());
    }

    /**
     * The outcome set a market's books are judged in: its NegRisk event, unless that event is among
     * {@code incompleteEvents} (its legs not all fetched), else the market alone. The market stream groups by it too.
     */
    static String outcomeSet(Market m, Set<String> incompleteEvents) {
        return m.negRisk() && m.negRiskMarketId() != null && !incompleteEvents.contains(m.negRiskMarketId())
                ? "neg:" + m.negRiskMarketId() : "cond:" + m.conditionId();
    }

    /** Packs groups into requests of at most {@code max} tokens without splitting a group (unless it alone is larger). */
    static List<List<String>> requests(List<List<String>> groups, int max) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (List<String> group : groups) {
            if (!current.isEmpty() && current.size() + group.size() > max) {
                out.add(current);
                current = new ArrayList<>();
            }
            for (String token : group) {
                if (current.size() == max) {
                    out.add(current);
                    current = new ArrayList<>();
                }
                current.add(token);
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
