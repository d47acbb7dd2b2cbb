package betterbot.signals.sources.internal;

import betterbot.signals.market.BookLevel;
import betterbot.signals.market.OrderBook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The order books the market stream keeps, one per followed token: rebuilt from every {@code book} snapshot,
 * changed level by level by {@code price_change} (size 0 removes a level), with the tick size of the latest
 * {@code tick_size_change} and the minimum order size of the latest REST book. Detection reads a book's top only
 * ({@link #top}), so every change says whether it moved the top. Not thread-safe: the stream's thread owns it.
 */
final class LiveBooks {
    /** Prices are kept in millionths: ticks are 0.1 to 0.0001, so no two levels share a key. */
    private static final double KEY_SCALE = 1_000_000d;

    /**
     * One side of a book: price keys ascending with their sizes, in two arrays (12 bytes a level, where a sorted map
     * took about ten times that: 20,000 followed books must fit the service's heap, docs/internals.md).
     */
    static final class Side {
        private int[] keys = new int[8];
        private double[] sizes = new double[8];
        private int n;

        int size() {
            return n;
        }

        void clear() {
            n = 0;
        }

        /** Sets a level's size; 0 removes it. Returns the size before (0 when there was none). */
        double set(int key, double size) {
            int i = java.util.Arrays.binarySearch(keys, 0, n, key);
            if (i >= 0) {
                double old = sizes[i];
                if (size > 0) {
                    sizes[i] = size;
                } else {
                    System.arraycopy(keys, i + 1, keys, i, n - i - 1);
                    System.arraycopy(sizes, i + 1, sizes, i, n - i - 1);
                    n--;
                }
                return old;
            }
            if (size > 0) {
                int at = -i - 1;
                if (n == keys.length) {
                    keys = java.util.Arrays.copyOf(keys, n + (n >> 1) + 1);
                    sizes = java.util.Arrays.copyOf(sizes, keys.length);
                }
                System.arraycopy(keys, at, keys, at + 1, n - at);
                System.arraycopy(sizes, at, sizes, at + 1, n - at);
                keys[at] = key;
                sizes[at] = size;
                n++;
            }
            return 0;
        }

        /** Adds to a level (a snapshot may list a price twice). */
        void add(int key, double size) {
            int i = java.util.Arrays.binarySearch(keys, 0, n, key);
            set(key, (i >= 0 ? sizes[i] : 0) + size);
        }

        int key(int i) {
            return keys[i];
        }

        double sizeAt(int i) {
            return sizes[i];
        }

        /** Index of the best level: the highest for bids, the lowest for asks; -1 when empty. */
        int best(boolean bid) {
            return n == 0 ? -1 : bid ? n - 1 : 0;
        }

        boolean sameAs(Side other) {
            return n == other.n && java.util.Arrays.equals(keys, 0, n, other.keys, 0, n)
                    && java.util.Arrays.equals(sizes, 0, n, other.sizes, 0, n);
        }

        /** Frees what a shrunken book no longer uses. */
        void trim() {
            if (keys.length > 2 * n + 8) {
                keys = java.util.Arrays.copyOf(keys, n + 8);
                sizes = java.util.Arrays.copyOf(sizes, n + 8);
            }
        }
    }

    /** One token's book. */
    static final class Book {
        final String assetId;
        String conditionId;
        final Side bids = new Side();
        final Side asks = new Side();
        Instant timestamp;
        Double tickSize;
        Double minOrderSize;
        String hash;

        Book(String assetId) {
            this.assetId = assetId;
        }

        int levels() {
            return bids.size() + asks.size();
        }
    }

    /** A book's top: best bid and ask with their sizes (NaN prices for an empty side). */
    private record Top(double bid, double bidSize, double ask, double askSize) {
        static Top of(Book b) {
            int bid = b.bids.best(true);
            int ask = b.asks.best(false);
            return new Top(bid < 0 ? Double.NaN : b.bids.key(bid) / KEY_SCALE, bid < 0 ? 0 : b.bids.sizeAt(bid),
                    ask < 0 ? Double.NaN : b.asks.key(ask) / KEY_SCALE, ask < 0 ? 0 : b.asks.sizeAt(ask));
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
        fill(b.bids, s.bids());
        fill(b.asks, s.asks());
        b.conditionId = s.conditionId() != null ? s.conditionId() : b.conditionId;
        b.timestamp = s.timestamp() != null ? s.timestamp() : b.timestamp;
        b.tickSize = s.tickSize() != null ? s.tickSize() : b.tickSize;
        b.minOrderSize = s.minOrderSize() != null ? s.minOrderSize() : b.minOrderSize;
        b.hash = s.hash();
    }

    private static void fill(Side side, List<BookLevel> levels) {
        side.clear();
        for (BookLevel l : levels) {
            if (l.size() > 0) {
                side.add(key(l.price()), l.size());
            }
        }
        side.trim();
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
        Side side = bid ? b.bids : b.asks;
        int k = key(price);
        int top = side.best(bid);
        boolean topMoves = top < 0 || (bid ? k >= side.key(top) : k <= side.key(top));
        double old = side.set(k, size);
        topMoves &= old != Math.max(size, 0);
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
        int bid = b.bids.best(true);
        int ask = b.asks.best(false);
        return new OrderBook(b.conditionId, assetId, b.timestamp,
                bid < 0 ? List.of() : List.of(new BookLevel(b.bids.key(bid) / KEY_SCALE, b.bids.sizeAt(bid))),
                ask < 0 ? List.of() : List.of(new BookLevel(b.asks.key(ask) / KEY_SCALE, b.asks.sizeAt(ask))),
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

    private static boolean same(Side side, List<BookLevel> rest) {
        Side other = new Side();
        fill(other, rest);
        return side.sameAs(other);
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
        for (int i = b.bids.size() - 1; i >= 0; i--) {
            bids.add(new BookLevel(b.bids.key(i) / KEY_SCALE, b.bids.sizeAt(i)));
        }
        List<BookLevel> asks = new ArrayList<>();
        for (int i = 0; i < b.asks.size(); i++) {
            asks.add(new BookLevel(b.asks.key(i) / KEY_SCALE, b.asks.sizeAt(i)));
        }
        return List.of(bids, asks);
    }

    Double tickSizeOf(String assetId) {
        Book b = books.get(assetId);
        return b == null ? null : b.tickSize;
    }

    private static int key(double price) {
        return (int) Math.round(price * KEY_SCALE);
    }
}
