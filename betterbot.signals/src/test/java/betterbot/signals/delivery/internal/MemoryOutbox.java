package betterbot.signals.delivery.internal;

import betterbot.signals.Details;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.StoredSignal;
import betterbot.signals.delivery.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** An outbox in memory, as the store's behaves: signals by seq, cursors that never move back, refusals counted. */
final class MemoryOutbox implements Outbox {
    private final List<StoredSignal> signals = new ArrayList<>();
    private final Map<String, Long> cursors = new HashMap<>();
    private final Map<String, List<String>> refused = new HashMap<>();

    /** A whale trade with a seq one above the last; {@code confidence} lets filters tell signals apart. */
    synchronized StoredSignal add(int i, double confidence) {
        Signal s = new Signal("whale_trade:d" + i, new SignalType.WhaleTrade("0xw" + i, 25_000, 50_000, 0.5),
                "will-it-rain-" + i, confidence, RiskLevel.MEDIUM, Details.builder().marketTitle("Will it rain? #" + i)
                .side(Side.BUY).outcome("Yes").currentPrice(0.5).recommendedSizeUsd(100.0).build(),
                Instant.now(), Source.POLYMARKET);
        StoredSignal stored = StoredSignal.of(lastSeq() + 1, s);
        signals.add(stored);
        return stored;
    }

    /** Deletes the oldest signals, as retention does. */
    synchronized void deleteOldest(int n) {
        int k = Math.min(n, signals.size());
        if (k > 0) {
            deletedLast = Math.max(deletedLast, signals.get(k - 1).seq()); // seqs are never reused
        }
        signals.subList(0, k).clear();
    }

    @Override
    public synchronized List<StoredSignal> after(long seq, int limit) {
        return signals.stream().filter(s -> s.seq() > seq).limit(limit).toList();
    }

    @Override
    public synchronized long lastSeq() {
        return signals.isEmpty() ? deletedLast : signals.get(signals.size() - 1).seq();
    }

    /** The highest seq deleted, so that seqs go on from there. */
    private long deletedLast;

    @Override
    public synchronized OptionalLong cursor(String destination) {
        Long c = cursors.get(destination);
        return c == null ? OptionalLong.empty() : OptionalLong.of(c);
    }

    @Override
    public synchronized void advance(String destination, long seq) {
        cursors.merge(destination, seq, Math::max);
    }

    @Override
    public synchronized void undeliverable(String destination, StoredSignal signal, String reason) {
        refused.computeIfAbsent(destination, d -> new ArrayList<>()).add(signal.id() + ": " + reason);
        advance(destination, signal.seq());
    }

    @Override
    public synchronized long undeliverableCount(String destination) {
        return refused.getOrDefault(destination, List.of()).size();
    }

    synchronized List<String> refused(String destination) {
        return List.copyOf(refused.getOrDefault(destination, List.of()));
    }
}
