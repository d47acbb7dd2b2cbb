package betterbot.signals.grading.internal;

import betterbot.signals.Signal;
import betterbot.signals.grading.CalibratedWinProbabilities;
import betterbot.signals.grading.Entry;
import betterbot.signals.grading.Grade;
import betterbot.signals.grading.GradeBook;
import betterbot.signals.grading.Grader;
import betterbot.signals.grading.GradingConfig;
import betterbot.signals.grading.GradingStats;
import betterbot.signals.grading.GradingTargets;
import betterbot.signals.grading.HistoryGap;
import betterbot.signals.grading.Holding;
import betterbot.signals.grading.Horizon;
import betterbot.signals.grading.OutcomeFilter;
import betterbot.signals.grading.PendingEntry;
import betterbot.signals.grading.PriceObservation;
import betterbot.signals.grading.Settlement;
import betterbot.signals.grading.WinProbabilities;
import betterbot.signals.market.BookLevel;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grading loop's state and rounds: the entries still to grade indexed by token, the prices seen of their
 * tokens, resolutions, and the decisions which observations to keep and when to grade (docs/grading.md, The
 * grading loop). Every time is the caller's: the {@code capturedAt} of a delivery, so a replay grades from the
 * recording's own times. Deliveries come from several poller threads; every method holds one lock. A failing
 * grade-book call or a malformed item costs only that entry or item: it is logged, counted, and the round goes on.
 */
public final class GradingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(GradingLoop.class);

    private final GradeBook book;
    private final GradingConfig config;
    /**
     * Guards the index: a lock rather than {@code synchronized}, because the loop calls the book (the database
     * thread) while holding it, and on JDK 21 a virtual thread waiting inside a monitor pins its carrier.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Tracked> entries = new LinkedHashMap<>();
    private final Map<String, Set<String>> byToken = new HashMap<>();
    /** Token → time of its last observation kept in the book. */
    private final Map<String, Instant> lastKept = new HashMap<>();
    /** Token → time of its last price seen, kept or not. */
    private final Map<String, Instant> lastSeen = new HashMap<>();
    private final Map<String, Resolved> resolved = new HashMap<>();
    private final Map<String, Long> grades = new TreeMap<>();
    private volatile WinProbabilities probabilities = WinProbabilities.prior();
    private long observationsKept;
    private long settlements;
    /** During a round: where its grades wait to be recorded together; null otherwise. Guarded by the lock. */
    private List<Made> collecting;
    private long historyFills;
    private long failures;
    private long skipped;

    /** A token's resolution: whether it paid 1, and when the resolution was first seen. */
    private record Resolved(boolean won, Instant at) {
    }

    /** An entry still to grade. */
    private static final class Tracked {
        final Entry entry;
        final String conditionId;
        final Set<Horizon> graded;
        final List<String> tokens;
        /** Horizons whose book lookup after their tolerance was tried in this process. */
        final Set<Horizon> lateTried = new HashSet<>();
        /** Horizons whose price history was asked for in this process. */
        final Set<Horizon> historyTried = new HashSet<>();
        /** Horizon → the kept-observation time its last lookup was made with, so one lookup per new observation. */
        final Map<Horizon, Instant> lookedUpWith = new HashMap<>();

        Tracked(Entry entry, String conditionId, Set<Horizon> graded) {
            this.entry = entry;
            this.conditionId = conditionId;
            this.graded = new HashSet<>(graded);
            this.tokens = entry.holdings().stream().map(Holding::assetId).distinct().toList();
        }
    }

    public GradingLoop(GradeBook book, GradingConfig config) {
        this.book = book;
        this.config = config;
    }

    /** The probabilities of the latest settled record; replaced after every round that recorded a settlement. */
    public WinProbabilities probabilities() {
        return probabilities;
    }

    /** Loads the pending entries in pages (a restart resumes them) and builds the calibrated snapshot. */
    public void resume() {
        lock.lock();
        try {
            int offset = 0;
            while (true) {
                List<PendingEntry> page;
                try {
                    page = book.pending(offset, config.pageSize());
                } catch (RuntimeException e) {
                    failed("reading the pending entries at " + offset, e);
                    break;
                }
                for (PendingEntry p : page) {
                    track(p.entry(), p.conditionId(), p.graded());
                }
                if (page.size() < config.pageSize()) {
                    break;
                }
                offset += page.size();
            }
            rebuildProbabilities();
        } finally {
            lock.unlock();
        }
    }

    /** Indexes the entries of new signals (already stored by the pipeline) and runs a round at {@code now}. */
    public void afterSignals(List<Signal> signals, Instant now) {
        lock.lock();
        try {
            index(signals);
            round(now);
        } finally {
            lock.unlock();
        }
    }

    /** Indexes new signals, then observes markets' prices and resolutions at {@code capturedAt}. */
    public void afterMarkets(List<Signal> signals, List<Market> markets, Instant capturedAt) {
        lock.lock();
        try {
            index(signals);
            Map<String, Double> prices = new HashMap<>();
            for (Market m : markets) {
                try {
                    marketPrices(m, capturedAt, prices);
                } catch (RuntimeException e) {
                    skipped++;
                    LOG.debug("market {} skipped by grading: {}", m.conditionId(), e.toString());
                }
            }
            observe(prices, capturedAt);
            round(capturedAt);
        } finally {
            lock.unlock();
        }
    }

    /** Indexes new signals, then observes the books' midpoints at {@code capturedAt}. */
    public void afterBooks(List<Signal> signals, List<OrderBook> books, Instant capturedAt) {
        lock.lock();
        try {
            index(signals);
            Map<String, Double> prices = new HashMap<>();
            for (OrderBook b : books) {
                if (b == null || b.assetId() == null || !byToken.containsKey(b.assetId())
                        || resolved.containsKey(b.assetId())) {
                    continue;
                }
                BookLevel bid = b.bestBid();
                BookLevel ask = b.bestAsk();
                if (bid != null && ask != null) { // one side alone is no price: an empty side is not a zero price
                    double mid = (bid.price() + ask.price()) / 2;
                    if (isPrice(mid)) {
                        prices.put(b.assetId(), mid);
                    }
                }
            }
            observe(prices, capturedAt);
            round(capturedAt);
        } finally {
            lock.unlock();
        }
    }

    private void index(List<Signal> signals) {
        for (Signal s : signals) {
            try {
                if (entries.containsKey(s.id())) {
                    continue;
                }
                Optional<Entry> entry = Entry.of(s);
                entry.ifPresent(e -> track(e, s.details().conditionId(), Set.of()));
            } catch (RuntimeException e) {
                skipped++;
                LOG.debug("signal {} not indexed for grading: {}", s.id(), e.toString());
            }
        }
    }

    private void track(Entry entry, String conditionId, Set<Horizon> graded) {
        if (entries.containsKey(entry.signalId())) {
            return;
        }
        Tracked t = new Tracked(entry, conditionId, graded);
        if (done(t)) {
            return;
        }
        entries.put(entry.signalId(), t);
        for (String token : t.tokens) {
            byToken.computeIfAbsent(token, k -> new LinkedHashSet<>()).add(entry.signalId());
        }
    }

    /**
     * A market's resolution and outcome prices. A market closed with {@code umaResolutionStatus} {@code resolved}
     * and prices exactly 1/0 resolves its tokens; a closed market without them is not resolved (docs/domain.md §7).
     */
    private void marketPrices(Market m, Instant at, Map<String, Double> prices) {
        List<String> tokens = m.tokenIds();
        boolean watched = tokens.stream().anyMatch(byToken::containsKey);
        if (!watched) {
            return;
        }
        if (m.outcomePrices().size() != tokens.size()) {
            skipped++;
            return;
        }
        Market.Resolution r = m.resolution();
        if ("resolved".equals(m.umaResolutionStatus()) && (r == Market.Resolution.YES || r == Market.Resolution.NO)) {
            for (int i = 0; i < tokens.size(); i++) {
                String token = tokens.get(i);
                if (byToken.containsKey(token) && !resolved.containsKey(token)) {
                    resolved.put(token, new Resolved(m.outcomePrices().get(i) == 1, at));
                    settlements++;
                }
            }
            return;
        }
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            double p = m.outcomePrices().get(i);
            if (byToken.containsKey(token) && !resolved.containsKey(token)) {
                if (isPrice(p)) {
                    prices.put(token, p);
                } else {
                    skipped++; // a price outside 0..1 is no price
                }
            }
        }
    }

    private static boolean isPrice(double p) {
        return p >= 0 && p <= 1;
    }

    /**
     * Keeps the prices worth keeping. An entry's prices are kept together, all of its tokens seen at this moment,
     * so one observation values a whole deviation set. They are kept when
     * <ul>
     *   <li>a pending horizon of the entry is due within its tolerance: before the due time only when the last
     *       kept observation is at least as far back as the due time is ahead (so the kept ones get denser towards
     *       it, a handful per window, and the last kept is never more than twice as far from the due time as the
     *       last one seen), at or after it the first one, which grades it;</li>
     *   <li>or a token's last kept observation is older than the checkpoint interval, while a horizon is still
     *       ahead: with the checkpoint shorter than the tolerances, every window holds a kept price, so a grade
     *       that fell due while the service was down still finds one near its due time.</li>
     * </ul>
     */
    private void observe(Map<String, Double> prices, Instant at) {
        if (prices.isEmpty()) {
            return;
        }
        prices.keySet().forEach(t -> lastSeen.merge(t, at, (a, b) -> a.isAfter(b) ? a : b));
        Set<String> candidates = new LinkedHashSet<>();
        prices.keySet().forEach(t -> candidates.addAll(byToken.getOrDefault(t, Set.of())));
        Map<String, Double> keep = new HashMap<>();
        for (String id : candidates) {
            Tracked t = entries.get(id);
            if (t != null && worthKeeping(t, prices, at)) {
                t.tokens.stream().filter(prices::containsKey).forEach(token -> keep.put(token, prices.get(token)));
            }
        }
        if (keep.isEmpty()) {
            return;
        }
        try {
            book.observe(new PriceObservation(at, keep));
            observationsKept++;
            keep.keySet().forEach(token -> lastKept.put(token, at));
        } catch (RuntimeException e) {
            failed("keeping the observation at " + at, e);
        }
    }

    private boolean worthKeeping(Tracked t, Map<String, Double> prices, Instant at) {
        boolean horizonAhead = false;
        Instant kept = oldestLastKept(t, prices.keySet());
        for (Horizon h : config.horizons()) {
            if (t.graded.contains(h)) {
                continue;
            }
            Instant due = t.entry.detectedAt().plus(h.duration());
            Duration tol = GradingConfig.tolerance(h);
            if (at.isAfter(due.plus(tol))) {
                continue;
            }
            horizonAhead = true;
            if (at.isBefore(due.minus(tol))) {
                continue;
            }
            if (!at.isBefore(due)) {
                if (kept == null || kept.isBefore(due)) {
                    return true;
                }
            } else if (kept == null || Duration.between(kept, at).compareTo(Duration.between(at, due)) >= 0) {
                return true;
            }
        }
        return horizonAhead && (kept == null || Duration.between(kept, at).compareTo(config.checkpointInterval()) >= 0);
    }

    /** The oldest last-kept time among the entry's tokens seen now; null when one of them was never kept. */
    private Instant oldestLastKept(Tracked t, Set<String> seen) {
        Instant oldest = null;
        for (String token : t.tokens) {
            if (!seen.contains(token)) {
                continue;
            }
            Instant k = lastKept.get(token);
            if (k == null) {
                return null;
            }
            oldest = oldest == null || k.isBefore(oldest) ? k : oldest;
        }
        return oldest;
    }

    /**
     * Grades what is due, settles what resolved, drops what is done; rebuilds the probabilities after settling.
     * The round's grades are recorded together, in one transaction (see docs/internals.md, Grades); if that
     * fails, each is recorded alone, so one bad grade costs only itself.
     */
    private void round(Instant now) {
        List<Made> made = new ArrayList<>();
        collecting = made;
        try {
            for (Tracked t : List.copyOf(entries.values())) {
                try {
                    gradeHorizons(t, now);
                    settle(t, now);
                } catch (RuntimeException e) {
                    failed("grading " + t.entry.signalId(), e);
                }
            }
        } finally {
            collecting = null;
        }
        int settled = flush(made);
        for (Tracked t : List.copyOf(entries.values())) {
            if (done(t) || givenUp(t)) {
                untrack(t);
            }
        }
        if (settled > 0) {
            rebuildProbabilities();
        }
    }

    /** A grade made in a round, recorded at its end. */
    private record Made(Tracked tracked, Grade grade) {
    }

    /** Records a round's grades in one transaction, else one by one; returns the settlements recorded. */
    private int flush(List<Made> made) {
        if (made.isEmpty()) {
            return 0;
        }
        int settled = 0;
        try {
            book.recordAll(made.stream().map(m -> new GradeBook.Made(m.tracked().entry.signalId(), m.grade()))
                    .toList());
            for (Made m : made) {
                recorded(m.tracked(), m.grade());
                settled += m.grade().horizon().isSettlement() ? 1 : 0;
            }
        } catch (RuntimeException together) {
            for (Made m : made) {
                if (record(m.tracked(), m.grade()) && m.grade().horizon().isSettlement()) {
                    settled++;
                }
            }
        }
        return settled;
    }

    private void gradeHorizons(Tracked t, Instant now) {
        for (Horizon h : config.horizons()) {
            if (t.graded.contains(h)) {
                continue;
            }
            Instant due = t.entry.detectedAt().plus(h.duration());
            if (now.isBefore(due)) {
                continue;
            }
            Optional<PriceObservation> settledValue = resolutionValue(t, due);
            if (settledValue.isPresent()) {
                record(t, Grader.atHorizon(t.entry, h, settledValue.get(), now));
                continue;
            }
            Duration tol = GradingConfig.tolerance(h);
            Set<String> open = new HashSet<>(t.tokens);
            open.removeAll(resolved.keySet()); // a resolved token is valued by its resolution, never kept again
            Instant kept = oldestLastKept(t, open);
            boolean fresh = kept != null && !kept.isBefore(due) && !kept.equals(t.lookedUpWith.get(h));
            boolean late = now.isAfter(due.plus(tol)) && !t.lateTried.contains(h);
            if (!fresh && !late) {
                continue;
            }
            if (kept != null) {
                t.lookedUpWith.put(h, kept);
            }
            if (late) {
                t.lateTried.add(h);
            }
            List<PriceObservation> observations;
            try {
                observations = book.observations(t.tokens, due.minus(tol), due.plus(tol));
            } catch (RuntimeException e) {
                t.lookedUpWith.remove(h);
                t.lateTried.remove(h);
                failed("reading the observations of " + t.entry.signalId(), e);
                continue;
            }
            Grader.closest(t.entry, h, withResolutions(t, observations, due), tol)
                    .ifPresent(o -> record(t, Grader.atHorizon(t.entry, h, o, now)));
        }
    }

    /**
     * When every token of the entry had resolved by {@code due}, the value then is the resolution's (a resolved
     * token's price no longer moves): 1 for a winner, 0 for a loser, observed at the latest of the resolutions.
     */
    private Optional<PriceObservation> resolutionValue(Tracked t, Instant due) {
        Map<String, Double> prices = new HashMap<>();
        Instant latest = null;
        for (String token : t.tokens) {
            Resolved r = resolved.get(token);
            if (r == null || r.at().isAfter(due)) {
                return Optional.empty();
            }
            prices.put(token, r.won() ? 1.0 : 0.0);
            latest = latest == null || r.at().isAfter(latest) ? r.at() : latest;
        }
        return Optional.of(new PriceObservation(latest, prices));
    }

    /** Observations with the 1/0 value of the entry's tokens that had resolved by the due time added. */
    private List<PriceObservation> withResolutions(Tracked t, List<PriceObservation> observations, Instant due) {
        Map<String, Double> settledPrices = new HashMap<>();
        for (String token : t.tokens) {
            Resolved r = resolved.get(token);
            if (r != null && !r.at().isAfter(due)) {
                settledPrices.put(token, r.won() ? 1.0 : 0.0);
            }
        }
        if (settledPrices.isEmpty()) {
            return observations;
        }
        List<PriceObservation> out = new ArrayList<>(observations.size());
        for (PriceObservation o : observations) {
            Map<String, Double> prices = new HashMap<>(o.prices());
            prices.putAll(settledPrices);
            out.add(new PriceObservation(o.observedAt(), prices));
        }
        return out;
    }

    /** Settles an entry once every one of its tokens resolved; true when a settlement grade was recorded. */
    private boolean settle(Tracked t, Instant now) {
        if (t.graded.contains(Horizon.SETTLEMENT)) {
            return false;
        }
        Map<String, Boolean> won = new HashMap<>();
        Instant latest = null;
        for (String token : t.tokens) {
            Resolved r = resolved.get(token);
            if (r == null) {
                return false; // a NegRisk leg resolved NO may be known long before its set's winner
            }
            won.put(token, r.won());
            latest = latest == null || r.at().isAfter(latest) ? r.at() : latest;
        }
        return record(t, Grader.atSettlement(t.entry, new Settlement(latest, won), now));
    }

    /** Records a grade now, or, during a round, at the round's end (true then: it is on its way). */
    private boolean record(Tracked t, Grade grade) {
        if (collecting != null) {
            collecting.add(new Made(t, grade));
            return true;
        }
        try {
            book.record(t.entry.signalId(), grade);
        } catch (RuntimeException e) {
            t.lookedUpWith.remove(grade.horizon());
            t.lateTried.remove(grade.horizon());
            failed("recording the " + grade.horizon() + " grade of " + t.entry.signalId(), e);
            return false;
        }
        recorded(t, grade);
        return true;
    }

    private void recorded(Tracked t, Grade grade) {
        t.graded.add(grade.horizon());
        grades.merge(grade.horizon().wireName(), 1L, Long::sum);
    }

    private boolean done(Tracked t) {
        return t.graded.contains(Horizon.SETTLEMENT) && t.graded.containsAll(config.horizons());
    }

    /**
     * Settled, and every horizon still pending had its lookup and its price history tried in this process: nothing
     * this process can still see would grade it. It stays pending in the book; a restart tries it once more.
     */
    private boolean givenUp(Tracked t) {
        if (!t.graded.contains(Horizon.SETTLEMENT)) {
            return false;
        }
        return config.horizons().stream().allMatch(h -> t.graded.contains(h) || t.historyTried.contains(h));
    }

    private void untrack(Tracked t) {
        entries.remove(t.entry.signalId());
        for (String token : t.tokens) {
            Set<String> ids = byToken.get(token);
            if (ids != null) {
                ids.remove(t.entry.signalId());
                if (ids.isEmpty()) {
                    byToken.remove(token);
                    lastKept.remove(token);
                    lastSeen.remove(token);
                    resolved.remove(token);
                }
            }
        }
    }

    /**
     * The markets to ask for by id: those of entries not yet settled, and those of tokens with a pending horizon
     * ahead whose last price is older than twice the checkpoint interval or, once the horizon is due, older than
     * its due time. An entry with a condition id is asked for by it; a deviation set by its legs' tokens.
     */
    public GradingTargets targets(Instant now) {
        lock.lock();
        try {
            Set<String> conditions = new LinkedHashSet<>();
            Set<String> tokens = new LinkedHashSet<>();
            for (Tracked t : entries.values()) {
                List<String> open = t.tokens.stream().filter(token -> !resolved.containsKey(token)).toList();
                if (open.isEmpty()) {
                    continue;
                }
                boolean unsettled = !t.graded.contains(Horizon.SETTLEMENT);
                if (unsettled || needsPrice(t, open, now)) {
                    if (t.conditionId != null) {
                        conditions.add(t.conditionId);
                    } else {
                        tokens.addAll(open);
                    }
                }
            }
            return new GradingTargets(conditions, tokens);
        } finally {
            lock.unlock();
        }
    }

    private boolean needsPrice(Tracked t, List<String> open, Instant now) {
        Duration stale = config.checkpointInterval().multipliedBy(2);
        for (Horizon h : config.horizons()) {
            Instant due = t.entry.detectedAt().plus(h.duration());
            if (t.graded.contains(h) || now.isAfter(due.plus(GradingConfig.tolerance(h)))) {
                continue;
            }
            for (String token : open) {
                Instant seen = lastSeen.get(token);
                if (seen == null || Duration.between(seen, now).compareTo(stale) >= 0
                        || !now.isBefore(due) && seen.isBefore(due)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Horizon grades past their tolerance that no kept observation could make and whose history was not tried. */
    public List<HistoryGap> historyGaps(Instant now) {
        lock.lock();
        try {
            List<HistoryGap> gaps = new ArrayList<>();
            for (Tracked t : entries.values()) {
                for (Horizon h : config.horizons()) {
                    if (t.graded.contains(h) || t.historyTried.contains(h) || !t.lateTried.contains(h)) {
                        continue;
                    }
                    Instant due = t.entry.detectedAt().plus(h.duration());
                    Duration tol = GradingConfig.tolerance(h);
                    if (now.isAfter(due.plus(tol))) {
                        gaps.add(new HistoryGap(t.entry.signalId(), h, t.tokens, due.minus(tol), due.plus(tol)));
                    }
                }
            }
            return gaps;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Grades a gap from its tokens' price-history points (one token's price each): only the moments at which every
     * token has a point value a whole set. The point used is kept in the book, so a restart sees it too.
     */
    public void fillHistory(HistoryGap gap, List<PriceObservation> points, Instant now) {
        lock.lock();
        try {
            Tracked t = entries.get(gap.signalId());
            if (t == null || t.graded.contains(gap.horizon())) {
                return;
            }
            t.historyTried.add(gap.horizon());
            Map<Instant, Map<String, Double>> byMoment = new TreeMap<>();
            for (PriceObservation p : points) {
                if (!p.observedAt().isBefore(gap.from()) && !p.observedAt().isAfter(gap.to())) {
                    byMoment.computeIfAbsent(p.observedAt(), k -> new HashMap<>()).putAll(p.prices());
                }
            }
            Instant due = t.entry.detectedAt().plus(gap.horizon().duration());
            List<PriceObservation> moments = new ArrayList<>();
            byMoment.forEach((at, prices) -> moments.add(new PriceObservation(at, prices)));
            Optional<PriceObservation> closest = Grader.closest(t.entry, gap.horizon(), withResolutions(t, moments, due),
                    GradingConfig.tolerance(gap.horizon()));
            if (closest.isPresent()) {
                try {
                    book.observe(closest.get());
                    observationsKept++;
                } catch (RuntimeException e) {
                    failed("keeping the history point of " + gap.signalId(), e);
                }
                if (record(t, Grader.atHorizon(t.entry, gap.horizon(), closest.get(), now))) {
                    historyFills++;
                }
            }
            if (done(t) || givenUp(t)) {
                untrack(t);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Counts a malformed item handed in from outside (a history point, a market row). */
    public void skipped(int n) {
        lock.lock();
        try {
            skipped += n;
        } finally {
            lock.unlock();
        }
    }

    public GradingStats stats() {
        lock.lock();
        try {
            return new GradingStats(entries.size(), observationsKept, grades, settlements, historyFills, failures,
                    skipped);
        } finally {
            lock.unlock();
        }
    }

    private void rebuildProbabilities() {
        try {
            probabilities = CalibratedWinProbabilities.from(book.outcomes(Horizon.SETTLEMENT, OutcomeFilter.ALL),
                    config.calibration());
        } catch (RuntimeException e) {
            failed("reading the settled outcomes", e); // the previous snapshot stays
        }
    }

    public void failed(String what, RuntimeException e) {
        lock.lock();
        try {
            failures++;
            LOG.warn("grading: {} failed: {}", what, e.toString());
        } finally {
            lock.unlock();
        }
    }
}
