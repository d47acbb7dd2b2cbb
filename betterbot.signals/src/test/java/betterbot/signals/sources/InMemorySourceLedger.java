package betterbot.signals.sources;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A ledger that forgets on exit, for tests that run sources without a database. Thread-safe. */
public final class InMemorySourceLedger implements SourceLedger {
    private final Map<String, Instant> watermarks = new HashMap<>();
    private final Map<String, Map<Long, Instant>> fills = new HashMap<>();
    private final List<CoverageGap> gaps = new ArrayList<>();

    @Override
    public synchronized Instant watermark(String feed) {
        return watermarks.get(feed);
    }

    @Override
    public synchronized Set<Long> seenFills(String feed, Instant since) {
        Set<Long> out = new HashSet<>();
        fills.getOrDefault(feed, Map.of()).forEach((hash, time) -> {
            if (!time.isBefore(since)) {
                out.add(hash);
            }
        });
        return out;
    }

    @Override
    public synchronized void recordFills(String feed, Collection<SeenFill> seen, Instant watermark,
                                         Instant forgetBefore) {
        Map<Long, Instant> known = fills.computeIfAbsent(feed, f -> new HashMap<>());
        seen.forEach(f -> known.put(f.fillHash(), f.tradeTime()));
        known.values().removeIf(t -> t.isBefore(forgetBefore));
        if (watermark != null) {
            watermarks.merge(feed, watermark, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    @Override
    public synchronized void openGap(String source, Instant start, String reason) {
        gaps.removeIf(g -> g.source().equals(source) && g.start().equals(start));
        gaps.add(new CoverageGap(source, start, null, reason));
    }

    @Override
    public synchronized void closeGap(String source, Instant start, Instant end) {
        for (int i = 0; i < gaps.size(); i++) {
            CoverageGap g = gaps.get(i);
            if (g.source().equals(source) && g.start().equals(start)) {
                gaps.set(i, new CoverageGap(source, start, end, g.reason()));
            }
        }
    }

    @Override
    public synchronized List<CoverageGap> gaps(Instant since, int limit) {
        return gaps.stream().filter(g -> g.end() == null || !g.end().isBefore(since))
                .sorted(Comparator.comparing(CoverageGap::start).reversed()).limit(limit).toList();
    }
}
