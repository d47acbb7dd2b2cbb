package betterbot.http.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rendered answers by normalized query, each valid for one ETag: polling dashboards ask the same few queries
 * again and again, and between two new signals the answer does not change, so it is rendered once and then
 * served as bytes, without a database read. An entry whose ETag is no longer current is simply replaced.
 *
 * <p>Bounded by entries and by bytes (least recently used go first), and the byte bound holds for arrays
 * still being written to clients too: an answer is lent for the time of its write, and an entry evicted
 * while lent keeps counting until its last write ends. So however many clients read slowly, the answers they
 * hold never exceed {@link #MAX_BYTES}; when that is all lent out, nothing new is kept (the caller then writes
 * its answer as heavy work).
 *
 * <p>An entry's gzip-compressed copy is made the first time a client that accepts gzip asks for it, then served
 * to every such client (compressed once, not per request); it counts toward the byte bound like the body.
 *
 * <p>A hit takes no lock: every cached answer passes through {@link #get}, and under 64 connections one monitor
 * there was held twice per request by every handler. Lending is one compare-and-set on the entry's state (its
 * lent count and an evicted flag), so an entry evicted between the lookup and the lend is simply a miss; only
 * {@link #put}, once per new ETag, takes the cache's lock to evict.
 */
final class ListingCache {
    static final int MAX_ENTRIES = 64;
    static final long MAX_BYTES = 8L << 20;
    /** A page of 1,000 signals is about 1 MB. */
    static final int MAX_BODY_BYTES = 2 << 20;
    /** In an entry's state: set once it is evicted; the bits below count its leases. */
    private static final int EVICTED = 1 << 30;

    private static final class Entry {
        final String etag;
        final byte[] body;
        /** Made on first demand, under the entry's lock; null until then. */
        volatile byte[] gzip;
        /** Leases out, plus {@link #EVICTED} once evicted: its bytes leave the bound when both say so. */
        final AtomicInteger state = new AtomicInteger();
        /** When it was last lent (the cache's tick): the smallest is evicted first. */
        volatile long lastUsed;

        Entry(String etag, byte[] body) {
            this.etag = etag;
            this.body = body;
        }

        long size() {
            byte[] z = gzip;
            return body.length + (z == null ? 0 : z.length);
        }

        /** One more lease, unless it is evicted already. */
        boolean lend() {
            for (int s = state.get(); ; s = state.get()) {
                if ((s & EVICTED) != 0) {
                    return false;
                }
                if (state.compareAndSet(s, s + 1)) {
                    return true;
                }
            }
        }
    }

    /** An answer lent for one write; close it when the write is over. A lease belongs to the thread writing it. */
    final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        byte[] body() {
            return entry.body;
        }

        /** The body gzip-compressed, made once per entry. */
        byte[] gzipped() {
            byte[] z = entry.gzip;
            if (z != null) {
                return z;
            }
            synchronized (entry) {
                if (entry.gzip == null) {
                    byte[] made = Gzip.compress(entry.body); // ~0.5 ms for a 100-signal page, rare: once per entry
                    bytes.addAndGet(made.length); // before it shows, so a last lease's close subtracts it too
                    compressions.incrementAndGet();
                    entry.gzip = made;
                }
                return entry.gzip;
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (entry.state.decrementAndGet() == EVICTED) { // the last lease of an evicted entry
                bytes.addAndGet(-entry.size());
            }
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Bytes of the entries held plus those evicted but still lent, compressed copies included. */
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong tick = new AtomicLong();
    /** Compressed copies made, for tests: each entry is compressed at most once. */
    private final AtomicLong compressions = new AtomicLong();

    /** The body for this query at this ETag, lent to the caller, or null. */
    Lease get(String query, String etag) {
        Entry e = entries.get(query);
        if (e == null || !e.etag.equals(etag) || !e.lend()) {
            return null;
        }
        e.lastUsed = tick.incrementAndGet();
        return new Lease(e);
    }

    /** Keeps a body and lends it to the caller; null when it is too large or the bytes are all lent out. */
    synchronized Lease put(String query, String etag, byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return null;
        }
        Entry old = entries.remove(query);
        if (old != null) {
            evict(old);
        }
        while ((entries.size() >= MAX_ENTRIES || bytes.get() + body.length > MAX_BYTES) && !entries.isEmpty()) {
            evictLeastRecentlyUsed();
        }
        if (bytes.get() + body.length > MAX_BYTES) {
            return null;
        }
        Entry e = new Entry(etag, body);
        e.state.set(1); // lent to the caller
        e.lastUsed = tick.incrementAndGet();
        bytes.addAndGet(body.length);
        entries.put(query, e);
        return new Lease(e);
    }

    private void evictLeastRecentlyUsed() {
        Map.Entry<String, Entry> eldest = null;
        for (Map.Entry<String, Entry> candidate : entries.entrySet()) {
            if (eldest == null || candidate.getValue().lastUsed < eldest.getValue().lastUsed) {
                eldest = candidate;
            }
        }
        if (eldest != null && entries.remove(eldest.getKey(), eldest.getValue())) {
            evict(eldest.getValue());
        }
    }

    private void evict(Entry e) {
        int before = e.state.getAndUpdate(s -> s | EVICTED);
        if (before == 0) { // not lent: its bytes go now (else with its last lease)
            bytes.addAndGet(-e.size());
        }
    }

    int size() {
        return entries.size();
    }

    long bytes() {
        return bytes.get();
    }

    long compressions() {
        return compressions.get();
    }

    /** The sizes of the entries held now, for tests: with nothing lent, {@link #bytes()} must equal it. */
    long heldBytes() {
        return entries.values().stream().mapToLong(Entry::size).sum();
    }
}
