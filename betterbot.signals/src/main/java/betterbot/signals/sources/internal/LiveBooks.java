package betterbot.signals.sources.internal;

import betterbot.signals.market.BookLevel;
import betterbot.signals.market.OrderBook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The order books the market stream keeps, one per followed token: rebuilt from every {@code book} snapshot,
 * changed level by level by {@code price_change} (size 0 removes a level), with the tick size of the latest
 * {@code tick_size_change} and the minimum order size of the latest REST book. Detection reads a book's top only
 * ({@link #top}), so every change says whether it moved the top. Not thread-safe: the stream's thread owns it.
 */
final class LiveBooks {
    /** Prices are keyed in millionths: ticks are 0.1 to 0.0001, so no two levels share a key. */
    private static final double KEY_SCALE = 1_000_000d;

    /** One token's book. */
    static final class Book {
        final String assetId;
        String conditionId;
        /** Price key → size; best bid is the last key, best ask the first. */
        final TreeMap<Long, Double> bids = new TreeMap<>();
        final TreeMap<Long, Double> asks = new TreeMap<>();
        Instant timestamp;
        Double tickSize;
        Double minOrderSize;
        String hash;

        Book(String assetId) {
            this.assetId = assetId;
        }

        double bestBidPrice() {
            return bids.isEmpty() ? Double.NaN : bids.lastKey() / KEY_SCALE;
        }

        double bestAskPrice() {
            return asks.isEmpty() ? Double.NaN : asks.firstKey() / KEY_SCALE;
        }

        int levels() {
            return bids.size() + asks.size();
        }
    }

    /** A book's top: best bid and ask with their sizes (NaN prices for an empty side). */
    private record Top(double bid, double bidSize, double ask, double askSize) {
        static Top of(Book b) {
            Map.Entry<Long, Double> bid = b.bids.lastEntry();
            Map.Entry<Long, Double> ask = b.asks.firstEntry();
            return new Top(bid == null ? Double.NaN : bid.getKey() / KEY_SCALE, bid == null ? 0 : bid.getValue(),
                    ask == null ? Double.NaN : ask.getKey() / KEY_SCALE, ask == null ? 0 : ask.getValue());
        }
    }

    private final Map<String, Book> books = new HashMap<>();

    /** Replaces the token's book with a snapshot; true when its top differs from before. */
    boolean snapshot(OrderBook s) {
        Book b = books.get(s.assetId());
        if (b == null) {
            b = new Book(s.assetId());
            books.put(s.assetId(), b);
            fill(b, s);
            return true; // a first book: its set may be complete now
        }
        Top before = Top.of(b);
        fill(b, s);
        return !before.equals(Top.of(b));
    }

    private static void fill(Book b, OrderBook s) {
        b.bids.clear();
        b.asks.clear();
        for (BookLevel l : s.bids()) {
            if (l.size() > 0) {
                b.bids.merge(key(l.price()), l.size(), Double::sum);
            }
        }
        for (BookLevel l : s.asks()) {
            if (l.size() > 0) {
                b.asks.merge(key(l.price()), l.size(), Double::sum);
            }
        }
        b.conditionId = s.conditionId() != null ? s.conditionId() : b.conditionId;
        b.timestamp = s.timestamp() != null ? s.timestamp() : b.timestamp;
        b.tickSize = s.tickSize() != null ? s.tickSize() : b.tickSize;
        b.minOrderSize = s.minOrderSize() != null ? s.minOrderSize() : b.minOrderSize;
        b.hash = s.hash();
    }

    /**
     * Applies one level change; true when it moved the token's top. A change to a token without a snapshot yet
     * is ignored (returns false): a book is only known from a snapshot on.
     */
    boolean change(String assetId, boolean bid, double price, double size, Instant at) {
        Book b = books.get(assetId);
        if (b == null) {
            return false;
        }
        TreeMap<Long, Double> side = bid ? b.bids : b.asks;
        long k = key(price);
        Map.Entry<Long, Double> top = bid ? side.lastEntry() : side.firstEntry();
        boolean topMoves = top == null || (bid ? k >= top.getKey() : k <= top.getKey());
        if (size <= 0) {
            topMoves &= side.remove(k) != null;
        } else {
            Double old = side.put(k, size);
            topMoves &= old == null || old != size;
        }
        if (at != null && (b.timestamp == null || !at.isBefore(b.timestamp))) {
            b.timestamp = at;
        }
        return topMoves;
    }

    /** Sets the token's tick size; true when it changed (prices are rounded to it, so the judgment may). */
    boolean tickSize(String assetId, double tick, Instant at) {
        Book b = books.get(assetId);
        if (b == null) {
            return false;
        }
        boolean changed = b.tickSize == null || b.tickSize != tick;
        b.tickSize = tick;
        if (at != null && (b.timestamp == null || at.isAfter(b.timestamp))) {
            b.timestamp = at;
        }
        return changed;
    }

    /** The token's book as detection reads it, its best level on each side; null when no snapshot came yet. */
    OrderBook top(String assetId) {
        Book b = books.get(assetId);
        if (b == null) {
            return null;
        }
        Map.Entry<Long, Double> bid = b.bids.lastEntry();
        Map.Entry<Long, Double> ask = b.asks.firstEntry();
        return new OrderBook(b.conditionId, assetId, b.timestamp,
                bid == null ? List.of() : List.of(new BookLevel(bid.getKey() / KEY_SCALE, bid.getValue())),
                ask == null ? List.of() : List.of(new BookLevel(ask.getKey() / KEY_SCALE, ask.getValue())),
                b.minOrderSize, b.tickSize, b.hash);
    }

    /** What reconciling one REST book found. */
    enum Check {
        /** Not followed, or no snapshot yet: nothing to compare. */
        UNKNOWN,
        /** The streamed book is newer than the REST one: not comparable. */
        NEWER,
        /** Every level equal. */
        SAME,
        /** The streamed book differed; it has been replaced by the REST book. */
        REPLACED
    }

    /**
     * Compares the token's streamed book with a REST book of the same token and replaces it when they differ.
     * A REST book older than the last streamed change is not comparable (the stream has moved on). The REST
     * book's tick and minimum order size are kept either way: the stream does not carry the minimum.
     */
    Check reconcile(OrderBook rest) {
        Book b = books.get(rest.assetId());
        if (b == null) {
            return Check.UNKNOWN;
        }
        if (rest.tickSize() != null) {
            b.tickSize = rest.tickSize();
        }
        if (rest.minOrderSize() != null) {
            b.minOrderSize = rest.minOrderSize();
        }
        if (rest.timestamp() != null && b.timestamp != null && rest.timestamp().isBefore(b.timestamp)) {
            return Check.NEWER;
        }
        if (same(b.bids, rest.bids()) && same(b.asks, rest.asks())) {
            return Check.SAME;
        }
        fill(b, rest);
        return Check.REPLACED;
    }

    private static boolean same(TreeMap<Long, Double> side, List<BookLevel> rest) {
        TreeMap<Long, Double> other = new TreeMap<>();
        for (BookLevel l : rest) {
            if (l.size() > 0) {
                other.merge(key(l.price()), l.size(), Double::sum);
            }
        }
        return side.equals(other);
    }

    /** Forgets every book (after a reconnect the snapshots rebuild them). */
    void clear() {
        books.clear();
    }

    /** Forgets the books of tokens no longer followed. */
    void retain(java.util.Set<String> followed) {
        books.keySet().retainAll(followed);
    }

    boolean has(String assetId) {
        return books.containsKey(assetId);
    }

    int size() {
        return books.size();
    }

    /** Levels held across all books (the heap they take grows with it). */
    long levels() {
        long n = 0;
        for (Book b : books.values()) {
            n += b.levels();
        }
        return n;
    }

    /** The book's levels as they are held, for tests: bids best first, then asks best first. */
    List<List<BookLevel>> levelsOf(String assetId) {
        Book b = Objects.requireNonNull(books.get(assetId), assetId);
        List<BookLevel> bids = new ArrayList<>();
        b.bids.descendingMap().forEach((k, v) -> bids.add(new BookLevel(k / KEY_SCALE, v)));
        List<BookLevel> asks = new ArrayList<>();
        b.asks.forEach((k, v) -> asks.add(new BookLevel(k / KEY_SCALE, v)));
        return List.of(bids, asks);
    }

    Double tickSizeOf(String assetId) {
        Book b = books.get(assetId);
        return b == null ? null : b.tickSize;
    }

    private static long key(double price) {
        return Math.round(price * KEY_SCALE);
    }
}
