package betterbot.signals.detection.internal;

import betterbot.signals.Details;
import betterbot.signals.Leg;
import betterbot.signals.RecommendedAction;
import betterbot.signals.Side;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.market.BookLevel;
import betterbot.signals.market.FeeSchedule;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code price_deviation}: an executable mispricing of a mutually exclusive, exhaustive outcome set, priced only
 * from the executable top of each book, never from mid or last prices (see docs/domain.md, Price deviations).
 *
 * <ul>
 *   <li>Outcome sets: a NegRisk event (all markets sharing a {@code negRiskMarketID}, the YES token of each; the
 *       engine does not cross orders between them, so real deviations appear here) and a binary market (its two
 *       tokens; their books mirror each other, so a deviation there only shows books caught at different moments
 *       and rarely fires).</li>
 *   <li>Guards: every market of the set is known, open (not closed, active, accepting orders) and has a book in
 *       the same batch; on a NegRisk event, closed markets that resolved NO have left the set, while one
 *       resolved YES or of unknown resolution gives nothing; an augmented event is never a complete set; when
 *       the markets' question ids reveal their indices in the event (the NegRisk adapter appends the index to
 *       the event id), a gap in the indices is a missing leg; each leg's top size is at least its minimum order size and so is
 *       the fillable size; prices are rounded to each leg's tick, against the trader.</li>
 *   <li>BUY_ALL when Σ best asks + taker fees &lt; 1 − {@code MIN_EDGE}; SELL_ALL (sell every YES at its bid, i.e.
 *       buy every NO at 1 − bid) when Σ best bids − taker fees &gt; 1 + {@code MIN_EDGE}. Fees (docs/domain.md,
 *       Fees) from each market's schedule, or {@code DEFAULT_TAKER_FEE_RATE} when unknown, which the details
 *       then say.</li>
 * </ul>
 * A deviation that persists poll after poll is one situation: {@code price_deviation:<event or condition id>:<UTC
 * hour it started>}.
 */
final class PriceDeviationDetector implements BookDetector, Stateful {
    private final DetectionConfig config;
    private final FeeSchedule assumedFees;
    private final Situations situations;

    /** One outcome of the set: a market, which of its tokens, and that token's book. */
    private record Outcome(Market market, int index, OrderBook book) {
        String assetId() {
            return market.tokenIds().get(index);
        }
    }

    /** The set priced in one direction. */
    private record Quote(double sum, double edge, double edgeAfterFees, double fillable, List<Leg> legs,
                         double feeRate, boolean feeRateAssumed) {
    }

    PriceDeviationDetector(DetectionConfig config) {
        this.config = config;
        this.assumedFees = new FeeSchedule(config.defaultTakerFeeRate(), 1);
        this.situations = new Situations(config.cooldown());
    }

    @Override
    public String name() {
        return SignalType.PRICE_DEVIATION;
    }

    @Override
    public List<StateMap<?>> state() {
        return List.of(situations.state());
    }

    @Override
    public void onBooks(List<OrderBook> books, MarketCache markets, Instant capturedAt, List<Detection> out) {
        Map<String, OrderBook> batch = new HashMap<>();
        Set<String> events = new LinkedHashSet<>();
        Set<String> binaries = new LinkedHashSet<>();
        for (OrderBook book : books) {
            batch.put(book.assetId(), book);
            Market m = markets.byToken(book.assetId());
            if (m == null) {
                continue;
            }
            if (m.negRisk() && m.negRiskMarketId() != null) {
                events.add(m.negRiskMarketId());
            }
            if (m.tokenIds().size() == 2) {
                binaries.add(m.conditionId());
            }
        }
        for (String event : events) {
            List<Market> members = markets.negRiskEvent(event);
            List<Outcome> set = eventOutcomes(members, batch);
            if (set != null) {
                Market first = members.get(0);
                String title = first.eventTitle() != null ? first.eventTitle() : first.title();
                judge(event, first.eventSlug() != null ? first.eventSlug() : event, title, null, set, capturedAt,
                        out);
            }
        }
        for (String conditionId : binaries) {
            Market m = markets.byCondition(conditionId);
            List<Outcome> set = binaryOutcomes(m, batch);
            if (set != null) {
                judge(conditionId, m.slugOrId(), m.title(), conditionId, set, capturedAt, out);
            }
        }
    }

    /**
     * The YES outcome of every open market of a NegRisk event, or null when those are not known to be the complete
     * outcome set and tradable. Closed markets that resolved NO have left the set (eliminated legs); a market
     * resolved YES means the event is decided, and a closed market of unknown resolution leaves the set unproven.
     * An augmented event is never complete: outcomes can still be added to it.
     */
    private static List<Outcome> eventOutcomes(List<Market> members, Map<String, OrderBook> batch) {
        if (members.size() < 2 || hasIndexGap(members)) {
            return null; // the gap check counts closed legs too: they are members of the event
        }
        List<Outcome> set = new ArrayList<>(members.size());
        for (Market m : members) {
            if (m.negRiskAugmented() || m.placeholder()) {
                return null;
            }
            if (m.closed()) {
                if (m.resolution() == Market.Resolution.NO) {
                    continue;
                }
                return null;
            }
            if (!m.isOpen() || m.tokenIds().isEmpty()) {
                return null;
            }
            OrderBook book = batch.get(m.tokenIds().get(0));
            if (book == null) {
                return null;
            }
            set.add(new Outcome(m, 0, book));
        }
        return set.size() < 2 ? null : set; // one leg left: the event is as good as decided
    }

    private static List<Outcome> binaryOutcomes(Market m, Map<String, OrderBook> batch) {
        if (m == null || !m.isOpen() || m.tokenIds().size() != 2) {
            return null;
        }
        OrderBook first = batch.get(m.tokenIds().get(0));
        OrderBook second = batch.get(m.tokenIds().get(1));
        return first == null || second == null ? null : List.of(new Outcome(m, 0, first), new Outcome(m, 1, second));
    }

    /**
     * True when the question ids prove a market of the event is missing. A NegRisk question id is the event id
     * with the market's index in its last byte; when every member's question id has that form, the indices must
     * be exactly 0..n−1. When they do not all have it, nothing is proven either way.
     */
    static boolean hasIndexGap(List<Market> members) {
        Set<Integer> indices = new HashSet<>();
        for (Market m : members) {
            String q = m.questionId();
            String e = m.negRiskMarketId();
            if (q == null || e == null || q.length() != 66 || e.length() != 66
                    || !q.regionMatches(true, 0, e, 0, 64)) {
                return false;
            }
            try {
                indices.add(Integer.parseInt(q.substring(64), 16));
            } catch (NumberFormatException notHex) {
                return false;
            }
        }
        for (int i = 0; i < members.size(); i++) {
            if (!indices.contains(i)) {
                return true;
            }
        }
        return false;
    }

    private void judge(String setId, String slug, String title, String conditionId, List<Outcome> set,
                       Instant capturedAt, List<Detection> out) {
        Quote buy = quote(set, true);
        if (buy != null && buy.edgeAfterFees() > config.minEdge()) {
            emit(setId, slug, title, conditionId, set, buy, true, capturedAt, out);
            return;
        }
        Quote sell = quote(set, false);
        if (sell != null && sell.edgeAfterFees() > config.minEdge()) {
            emit(setId, slug, title, conditionId, set, sell, false, capturedAt, out);
        }
    }

    /** Prices one share of every outcome at its executable top level, or null when a leg cannot be filled. */
    private Quote quote(List<Outcome> set, boolean buying) {
        double sum = 0;
        double fees = 0;
        double fillable = Double.POSITIVE_INFINITY;
        double largestMinimum = 0;
        double feeRate = 0;
        boolean assumed = false;
        List<Leg> legs = new ArrayList<>(set.size());
        for (Outcome o : set) {
            BookLevel top = buying ? o.book().bestAsk() : o.book().bestBid();
            double minimum = minOrderSize(o);
            if (top == null || top.size() <= 0 || top.size() < minimum) {
                return null;
            }
            Double tick = o.book().tickSize() != null ? o.book().tickSize() : o.market().tickSize();
            double price = buying ? roundUp(top.price(), tick) : roundDown(top.price(), tick);
            FeeSchedule schedule = o.market().fees();
            if (schedule == null) {
                schedule = assumedFees;
                assumed = true;
            }
            feeRate = Math.max(feeRate, schedule.rate());
            // selling a YES at its bid is buying its NO at 1 − bid: the taker fee is on that purchase
            fees += schedule.feePerShare(buying ? price : 1 - price);
            sum += price;
            fillable = Math.min(fillable, top.size());
            largestMinimum = Math.max(largestMinimum, minimum);
            legs.add(new Leg(o.market().slugOrId(), o.market().outcomeAt(o.index()), o.assetId(), price, top.size()));
        }
        if (fillable < largestMinimum) {
            return null; // the thinnest leg cannot fill another leg's minimum order
        }
        sum = Figures.exact(sum);
        double edge = Figures.exact(buying ? 1 - sum : sum - 1);
        return new Quote(sum, edge, Figures.exact(edge - fees), fillable, legs, feeRate, assumed);
    }

    private static double minOrderSize(Outcome o) {
        if (o.book().minOrderSize() != null) {
            return o.book().minOrderSize();
        }
        return o.market().orderMinSize() != null ? o.market().orderMinSize() : 0;
    }

    /** An ask rounded up to the tick: never cheaper than the book says. */
    static double roundUp(double price, Double tick) {
        return tick == null || tick <= 0 ? price : Figures.exact(Math.ceil(price / tick - 1e-6) * tick);
    }

    /** A bid rounded down to the tick: never richer than the book says. */
    static double roundDown(double price, Double tick) {
        return tick == null || tick <= 0 ? price : Figures.exact(Math.floor(price / tick + 1e-6) * tick);
    }

    private void emit(String setId, String slug, String title, String conditionId, List<Outcome> set, Quote q,
                      boolean buying, Instant capturedAt, List<Detection> out) {
        RecommendedAction action = buying ? RecommendedAction.BUY_ALL : RecommendedAction.SELL_ALL;
        Instant started = situations.observe(setId + '|' + action, capturedAt);
        if (started == null) {
            return; // the same deviation as on the last polls
        }
        Instant oldestBook = null;
        Instant newestBook = null;
        Instant expiry = null;
        double volume = 0;
        double liquidity = 0;
        boolean volumeKnown = true;
        boolean liquidityKnown = true;
        Set<String> counted = new HashSet<>();
        for (Outcome o : set) {
            Instant t = o.book().timestamp();
            oldestBook = t == null ? oldestBook : oldestBook == null || t.isBefore(oldestBook) ? t : oldestBook;
            newestBook = t == null ? newestBook : newestBook == null || t.isAfter(newestBook) ? t : newestBook;
            Market m = o.market();
            expiry = m.endDate() == null ? expiry : expiry == null || m.endDate().isBefore(expiry) ? m.endDate() : expiry;
            if (counted.add(m.conditionId())) { // a binary set is two outcomes of one market
                volumeKnown &= m.volume24h() != null;
                liquidityKnown &= m.liquidity() != null;
                volume += m.volume24h() == null ? 0 : m.volume24h();
                liquidity += m.liquidity() == null ? 0 : m.liquidity();
            }
        }
        Details details = Details.builder()
                .conditionId(conditionId)
                .marketTitle(title)
                .side(buying ? Side.BUY : Side.SELL)
                .volume24h(volumeKnown ? volume : null)
                .liquidity(liquidityKnown ? liquidity : null)
                .recommendedAction(action)
                .expiryTime(expiry)
                .eventTime(oldestBook != null ? oldestBook : capturedAt)
                .bookTime(newestBook)
                .legs(q.legs())
                .takerFeeRate(q.feeRate())
                .feeRateAssumed(q.feeRateAssumed())
                .build();
        SignalType.PriceDeviation type = new SignalType.PriceDeviation(set.size(), buying ? q.sum() : null,
                buying ? null : q.sum(), q.edge(), q.edgeAfterFees(), q.fillable());
        out.add(new Detection("price_deviation:" + setId + ':' + SignalIds.hour(started), type, slug,
                Figures.shown(0.8 + Math.min(q.edgeAfterFees(), 0.1)), details, Source.POLYMARKET));
    }
}
