package betterbot.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.sources.SourceLedger;
import betterbot.signals.sources.SourceLedger.CoverageGap;
import betterbot.signals.sources.SourceLedger.SeenFill;
import betterbot.storage.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSourceLedgerTest {
    static final Instant T = Instant.parse("2026-11-24T12:00:00Z");
    @TempDir
    Path dir;

    SqliteSignalStore open(Instant now) {
        return SqliteSignalStore.open(new StoreConfig(dir.resolve("l.db"), 100, Clock.fixed(now, ZoneOffset.UTC)));
    }

    @Test
    void watermarksAndSeenFillsSurviveARestart() {
        try (SqliteSignalStore store = open(T)) {
            SourceLedger ledger = store.sourceLedger();
            assertNull(ledger.watermark("trades"));
            ledger.recordFills("trades", List.of(new SeenFill(1, T.minusSeconds(30)), new SeenFill(-2, T)), T,
                    T.minusSeconds(600));
            ledger.recordFills("trades", List.of(new SeenFill(3, T.minusSeconds(10))), T.minusSeconds(10),
                    T.minusSeconds(600));
        }
        try (SqliteSignalStore store = open(T)) {
            SourceLedger ledger = store.sourceLedger();
            assertEquals(T, ledger.watermark("trades"), "a watermark never moves back");
            assertEquals(Set.of(1L, -2L, 3L), ledger.seenFills("trades", T.minusSeconds(60)));
            assertEquals(Set.of(-2L), ledger.seenFills("trades", T));
            assertEquals(Set.of(), ledger.seenFills("other", T.minusSeconds(60)));
            ledger.recordFills("trades", List.of(), T, T.minusSeconds(15));
            assertEquals(Set.of(-2L, 3L), ledger.seenFills("trades", Instant.EPOCH), "old fills are forgotten");
        }
    }

    @Test
    void gapsAreRecordedClosedAndThoseLeftOpenByACrashAreEndedAtTheNextStart() {
        try (SqliteSignalStore store = open(T)) {
            SourceLedger ledger = store.sourceLedger();
            ledger.openGap("polymarket-trades", T.minusSeconds(300), "HTTP 500");
            ledger.closeGap("polymarket-trades", T.minusSeconds(300), T.minusSeconds(200));
            ledger.openGap("polymarket-books", T.minusSeconds(100), "connect timeout");
            List<CoverageGap> gaps = ledger.gaps(T.minusSeconds(3600), 10);
            assertEquals(2, gaps.size());
            assertEquals(new CoverageGap("polymarket-books", T.minusSeconds(100), null, "connect timeout"), gaps.get(0));
            assertEquals(T.minusSeconds(200), gaps.get(1).end());
        }
        try (SqliteSignalStore store = open(T.plusSeconds(50))) {
            CoverageGap books = store.sourceLedger().gaps(T.minusSeconds(3600), 10).get(0);
            assertEquals(T.plusSeconds(50), books.end());
            assertTrue(books.reason().contains("open when the service stopped"), books.reason());
            assertEquals(1, store.sourceLedger().gaps(T.minusSeconds(150), 10).size(), "older gaps filtered out");
        }
    }
}
