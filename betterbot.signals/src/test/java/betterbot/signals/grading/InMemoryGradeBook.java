package betterbot.signals.grading;

import betterbot.signals.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@link GradeBook} in memory that follows the interface's contract as the store does: an entry is created with
 * its signal ({@link #add}), grades are idempotent, observations are returned oldest first holding only the tokens
 * asked for. {@link #failing} makes every call throw, as a store whose database is gone.
 */
public class InMemoryGradeBook implements GradeBook {
    private record Stored(Entry entry, String conditionId, String source, Map<Horizon, Grade> graded) {
    }

    private final List<Horizon> horizons;
    private final Map<String, Stored> entries = new LinkedHashMap<>();
    private final List<PriceObservation> observations = new ArrayList<>();
    public volatile boolean failing;
    /** Makes only {@link #recordAll} throw, as a batch with one bad grade in it would. */
    public volatile boolean failingTogether;
    /** Calls of {@link #recordAll} that stored their grades. */
    public int batches;

    @Override
    public List<Horizon> horizons() {
        List<Horizon> all = new java.util.ArrayList<>(horizons);
        all.add(Horizon.SETTLEMENT);
        return List.copyOf(all);
    }

    public InMemoryGradeBook(List<Horizon> horizons) {
        this.horizons = horizons.stream().sorted().toList();
    }

    /** Stores a signal as the store does: a gradable one gets its entry in the same step. */
    public synchronized void add(Signal signal) {
        Entry.of(signal).ifPresent(e -> entries.putIfAbsent(signal.id(), new Stored(e, signal.details().conditionId(),
                signal.source().wireName(), new TreeMap<>())));
    }

    public synchronized List<PriceObservation> allObservations() {
        return List.copyOf(observations);
    }

    private void check() {
        if (failing) {
            throw new IllegalStateException("the database is gone");
        }
    }

    private List<Stored> oldestFirst() {
        List<Stored> all = new ArrayList<>(entries.values());
        all.sort((a, b) -> a.entry().detectedAt().compareTo(b.entry().detectedAt()));
        return all;
    }

    @Override
    public synchronized List<PendingEntry> pending(int offset, int limit) {
        check();
        List<PendingEntry> pending = new ArrayList<>();
        for (Stored s : oldestFirst()) {
            boolean open = !s.graded().containsKey(Horizon.SETTLEMENT)
                    || horizons.stream().anyMatch(h -> !s.graded().containsKey(h));
            if (open) {
                pending.add(new PendingEntry(s.entry(), s.conditionId(), Set.copyOf(s.graded().keySet())));
            }
        }
        return pending.subList(Math.min(offset, pending.size()), Math.min(offset + limit, pending.size()));
    }

    @Override
    public synchronized void observe(PriceObservation observation) {
        check();
        observations.add(observation);
    }

    @Override
    public synchronized List<PriceObservation> observations(Collection<String> tokens, Instant from, Instant to) {
        check();
        List<PriceObservation> out = new ArrayList<>();
        for (PriceObservation o : observations) {
            if (o.observedAt().isBefore(from) || o.observedAt().isAfter(to)) {
                continue;
            }
            Map<String, Double> prices = new HashMap<>();
            o.prices().forEach((token, p) -> {
                if (tokens.contains(token)) {
                    prices.put(token, p);
                }
            });
            if (!prices.isEmpty()) {
                out.add(new PriceObservation(o.observedAt(), prices));
            }
        }
        out.sort((a, b) -> a.observedAt().compareTo(b.observedAt()));
        return out;
    }

    @Override
    public synchronized void recordAll(List<Made> grades) {
        check();
        if (failingTogether) {
            throw new IllegalStateException("the batch failed");
        }
        grades.forEach(m -> record(m.signalId(), m.grade()));
        batches++;
    }

    @Override
    public synchronized void record(String signalId, Grade grade) {
        check();
        Stored s = entries.get(signalId);
        if (s != null) {
            s.graded().putIfAbsent(grade.horizon(), grade);
        }
    }

    @Override
    public synchronized List<Grade> grades(String signalId) {
        check();
        Stored s = entries.get(signalId);
        if (s == null) {
            return List.of();
        }
        TreeMap<Horizon, Grade> all = new TreeMap<>();
        for (Horizon h : horizons) {
            all.put(h, Grade.pending(s.entry(), h));
        }
        all.put(Horizon.SETTLEMENT, Grade.pending(s.entry(), Horizon.SETTLEMENT));
        all.putAll(s.graded());
        return List.copyOf(all.values());
    }

    @Override
    public synchronized List<GradedOutcome> outcomes(Horizon horizon, OutcomeFilter filter) {
        check();
        List<GradedOutcome> out = new ArrayList<>();
        for (Stored s : oldestFirst()) {
            Grade g = s.graded().get(horizon);
            Entry e = s.entry();
            if (g == null || filter.signalType() != null && !filter.signalType().equals(e.signalType())
                    || filter.source() != null && !filter.source().equals(s.source())
                    || filter.since() != null && e.detectedAt().isBefore(filter.since())
                    || filter.minConfidence() != null && e.confidence() < filter.minConfidence()) {
                continue;
            }
            out.add(GradedOutcome.of(e, g));
        }
        return out;
    }
}
