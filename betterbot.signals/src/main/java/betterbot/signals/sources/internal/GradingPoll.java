package betterbot.signals.sources.internal;

import betterbot.signals.SignalJson;
import betterbot.signals.grading.Grading;
import betterbot.signals.grading.GradingTargets;
import betterbot.signals.grading.HistoryGap;
import betterbot.signals.grading.PriceObservation;
import betterbot.signals.market.Market;
import betterbot.signals.market.Parsed;
import betterbot.signals.sources.Recorder;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The grading loop's own requests (docs/grading.md, Targeted requests), every settlement-check interval:
 * <ol>
 *   <li>the markets of unsettled entries and of watched tokens without a recent price, by id from
 *       {@code GET /markets/keyset?condition_ids=…} (or {@code clob_token_ids=…} for deviation legs), at most
 *       {@value #BATCH} ids a request, following {@code next_cursor}, without {@code closed=false}: a resolved market
 *       is closed. They go to {@link Grading#observeMarkets}, never to the detectors;</li>
 *   <li>then, for each horizon grade past its tolerance without an observation, {@code GET /prices-history} of its
 *       tokens over the tolerance window, each gap once per process.</li>
 * </ol>
 * A batch that fails costs only itself (the round is partial); a throttle ends the round, so the poller waits what
 * the server asked. Pending grades are never lost: what was not fetched is asked for again next round.
 */
final class GradingPoll implements Poller.Poll {
    /** Ids per Gamma request: keeps the query short of URL limits. */
    static final int BATCH = 100;

    private final UpstreamHttp http;
    private final URI gamma;
    private final URI clob;
    private final Grading grading;
    private final SourceHealth health;
    private final Clock clock;

    GradingPoll(UpstreamHttp http, URI gamma, URI clob, Grading grading, SourceHealth health, Clock clock) {
        this.http = http;
        this.gamma = gamma;
        this.clob = clob;
        this.grading = grading;
        this.health = health;
        this.clock = clock;
    }

    /** How the round's requests went. */
    private static final class Round {
        int requests;
        int failed;
        int items;
        String lastError;
    }

    @Override
    public Poller.Outcome poll() throws PollStop {
        Round round = new Round();
        GradingTargets targets = grading.targets(clock.instant());
        markets("condition_ids", List.copyOf(targets.conditionIds()), round);
        markets("clob_token_ids", List.copyOf(targets.tokenIds()), round);
        for (HistoryGap gap : grading.historyGaps(clock.instant())) {
            history(gap, round);
        }
        if (round.failed > 0 && round.failed == round.requests) {
            return new Poller.Outcome.Failed(round.lastError);
        }
        if (round.failed > 0) {
            return new Poller.Outcome.Partial(round.items, round.failed, round.failed + " of " + round.requests
                    + " grading requests failed: " + round.lastError);
        }
        return new Poller.Outcome.Polled(round.items);
    }

    private void markets(String filter, List<String> ids, Round round) throws PollStop {
        for (int from = 0; from < ids.size(); from += BATCH) {
            String joined = String.join(",", ids.subList(from, Math.min(from + BATCH, ids.size())));
            String query = filter + "=" + URLEncoder.encode(joined, StandardCharsets.UTF_8) + "&limit="
                    + MarketsPoll.KEYSET_PAGE;
            String cursor = null;
            Set<String> cursorsSeen = new HashSet<>();
            do {
                URI uri = URI.create(gamma + "/markets/keyset?" + query
                        + (cursor == null ? "" : "&after_cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
                round.requests++;
                MarketsPoll.KeysetPage page;
                try {
                    page = fetch(uri).parse("Gamma markets for grading", Recorder.Kind.GRADING_MARKETS, MarketsPoll::keysetPage);
                } catch (PollStop stop) {
                    failedOrStop(stop, round);
                    break; // the rest of this batch waits for the next round
                }
                Parsed<Market> markets = page.markets();
                health.recordSkipped(markets.skipped());
                grading.skipped(markets.skipped());
                grading.observeMarkets(markets.rows(), clock.instant());
                round.items += markets.rows().size();
                cursor = page.nextCursor();
                if (markets.rows().isEmpty() && markets.skipped() == 0) {
                    break;
                }
            } while (cursor != null && cursorsSeen.add(cursor));
        }
    }

    private void history(HistoryGap gap, Round round) throws PollStop {
        List<PriceObservation> points = new ArrayList<>();
        for (String token : gap.tokens()) {
            URI uri = URI.create(clob + "/prices-history?market=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                    + "&startTs=" + gap.from().getEpochSecond() + "&endTs=" + gap.to().getEpochSecond()
                    + "&fidelity=1");
            round.requests++;
            Parsed<PriceObservation> parsed;
            try {
                parsed = fetch(uri).parse("CLOB price history", json -> prices(token, json));
            } catch (PollStop stop) {
                failedOrStop(stop, round);
                return; // the gap stays untried: asked for again next round
            }
            health.recordSkipped(parsed.skipped());
            grading.skipped(parsed.skipped());
            points.addAll(parsed.rows());
            round.items += parsed.rows().size();
        }
        grading.fillHistory(gap, points, clock.instant());
    }

    /** The one place this poll fetches, so that its answers can be told apart when they are recorded. */
    private Fetched fetch(URI uri) {
        return http.get(uri, Map.of());
    }

    /** A throttle ends the round (the poller then waits what the server asked); any other failure costs itself. */
    private static void failedOrStop(PollStop stop, Round round) throws PollStop {
        if (stop.outcome() instanceof Poller.Outcome.Throttled) {
            throw stop;
        }
        round.failed++;
        round.lastError = MarketsPoll.message(stop.outcome());
    }

    /**
     * A {@code /prices-history} answer {@code {"history": [{"t": <unix s>, "p": <price>}]}} as one observation of
     * {@code token} per point; {@code p} may be a number or a string. A point without a time or a price within
     * 0..1 is skipped; an empty history is normal (a closed market's, docs/domain.md §7).
     */
    static Parsed<PriceObservation> prices(String token, String json) {
        JsonNode body;
        try {
            body = SignalJson.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode history = body == null ? null : body.get("history");
        if (history == null || !history.isArray()) {
            throw new IllegalArgumentException("expected {\"history\": [...]}");
        }
        List<PriceObservation> rows = new ArrayList<>();
        int skipped = 0;
        for (JsonNode point : history) {
            Double t = number(point.get("t"));
            Double p = number(point.get("p"));
            if (t == null || p == null || !(p >= 0 && p <= 1) || t != Math.floor(t)) {
                skipped++;
                continue;
            }
            rows.add(new PriceObservation(Instant.ofEpochSecond(t.longValue()), Map.of(token, p)));
        }
        return new Parsed<>(rows, skipped);
    }

    private static Double number(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            double d = Double.parseDouble(v.asText().strip());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
