package betterbot.signals.sources.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.market.BookLevel;
import betterbot.signals.market.OrderBook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The streamed books against a plain sorted-map model of a book, over many random level changes. */
class LiveBooksTest {
    static final Instant T = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void randomChangesKeepEveryLevelAndSayExactlyWhenTheTopMoved() {
        LiveBooks books = new LiveBooks();
        TreeMap<Integer, Double> bids = new TreeMap<>();
        TreeMap<Integer, Double> asks = new TreeMap<>();
        books.snapshot(new OrderBook("0xc", "t", T, List.of(new BookLevel(0.40, 10), new BookLevel(0.40, 5)),
                List.of(new BookLevel(0.60, 7)), 5.0, 0.01, "h"));
        bids.put(400, 15.0); // a price listed twice is one level with both sizes
        asks.put(600, 7.0);
        Random r = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            boolean bid = r.nextBoolean();
            int cents = bid ? 1 + r.nextInt(50) : 50 + r.nextInt(49); // up to 50 levels a side
            double size = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(1_000);
            TreeMap<Integer, Double> side = bid ? bids : asks;
            Map.Entry<Integer, Double> before = bid ? side.lastEntry() : side.firstEntry();
            int key = cents * 10;
            if (size == 0) {
                side.remove(key);
            } else {
                side.put(key, size);
            }
            Map.Entry<Integer, Double> after = bid ? side.lastEntry() : side.firstEntry();
            boolean moved = !java.util.Objects.equals(before, after);
            assertEquals(moved, books.change("t", bid, cents / 100.0, size, T.plusMillis(i)), "change " + i);
        }
        List<List<BookLevel>> levels = books.levelsOf("t");
        assertEquals(model(bids.descendingMap()), levels.get(0));
        assertEquals(model(asks), levels.get(1));
        OrderBook top = books.top("t");
        assertEquals(bids.lastKey() / 1000.0, top.bestBid().price());
        assertEquals(asks.firstKey() / 1000.0, top.bestAsk().price());
        assertEquals(T.plusMillis(19_999), top.timestamp());
    }

    @Test
    void aChangeBeforeTheFirstSnapshotIsIgnoredAndAReconcileOnlyComparesNewerRestBooks() {
        LiveBooks books = new LiveBooks();
        assertFalse(books.change("t", true, 0.4, 10, T));
        assertTrue(books.snapshot(new OrderBook("0xc", "t", T, List.of(new BookLevel(0.40, 10)), List.of(), null, null,
                "h")), "a first book counts as moved: its set may be complete now");
        OrderBook same = new OrderBook("0xc", "t", T.plusSeconds(1), List.of(new BookLevel(0.40, 10)), List.of(), 5.0,
                0.01, "h");
        assertEquals(LiveBooks.Check.SAME, books.reconcile(same));
        assertEquals(LiveBooks.Check.NEWER, books.reconcile(new OrderBook("0xc", "t", T.minusSeconds(1), List.of(),
                List.of(), null, null, "h")));
        assertEquals(LiveBooks.Check.REPLACED, books.reconcile(new OrderBook("0xc", "t", T.plusSeconds(2),
                List.of(new BookLevel(0.41, 3)), List.of(), null, null, "h")));
        assertEquals(List.of(new BookLevel(0.41, 3)), books.levelsOf("t").get(0));
        assertEquals(LiveBooks.Check.UNKNOWN, books.reconcile(new OrderBook("0xc", "u", T, List.of(), List.of(), null,
                null, "h")));
    }

    private static List<BookLevel> model(Map<Integer, Double> side) {
        List<BookLevel> out = new ArrayList<>();
        side.forEach((k, v) -> out.add(new BookLevel(k / 1000.0, v)));
        return out;
    }
}
