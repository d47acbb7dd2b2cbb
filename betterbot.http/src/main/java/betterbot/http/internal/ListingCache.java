package betterbot.http.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

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
 */
final class ListingCache {
    static final int MAX_ENTRIES = 64;
    static final long MAX_BYTES = 8L << 20;
    /** A page of 1,000 signals is about 1 MB. */
    static final int MAX_BODY_BYTES = 2 << 20;

    private static final class Entry {
        final String etag;
        final byte[] body;
        /** Made on first demand, under the cache's lock; null until then. */
        byte[] gzip;
        int lent;
        boolean evicted;

        long size() {
            return body.length + (gzip == null ? 0 : gzip.length);
        }

        Entry(String etag, byte[] body) {
            this.etag = etag;
            this.body = body;
        }
    }

    /** An answer lent for one write; close it when the write is over. */
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
            synchronized (ListingCache.this) {
                if (entry.gzip == null) {
                    entry.gzip = Gzip.compress(entry.body); // ~0.5 ms for a 100-signal page, rare: once per entry
                    bytes += entry.gzip.length;
                    compressions++;
                }
                return entry.gzip;
            }
        }

        @Override
        public void close() {
            synchronized (ListingCache.this) {
                if (closed) {
                    return;
                }
                closed = true;
                entry.lent--;
                if (entry.evicted && entry.lent == 0) {
                    bytes -= entry.size();
                }
            }
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(MAX_ENTRIES, 0.75f, true);
    /** Bytes of the entries held plus those evicted but still lent, compressed copies included. */
    private long bytes;
    /** Compressed copies made, for tests: each entry is compressed at most once. */
    private long compressions;

    /** The body for this query at this ETag, lent to the caller, or null. */
    synchronized Lease get(String query, String etag) {
        Entry e = entries.get(query);
        if (e == null || !e.etag.equals(etag)) {
            return null;
        }
        e.lent++;
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
        Iterator<Entry> eldest = entries.values().iterator();
        while ((entries.size() >= MAX_ENTRIES || bytes + body.length > MAX_BYTES) && eldest.hasNext()) {
            Entry e = eldest.next();
            eldest.remove();
            evict(e);
        }
        if (bytes + body.length > MAX_BYTES) {
            return null;
        }
        Entry e = new Entry(etag, body);
        entries.put(query, e);
        bytes += body.length;
        e.lent++;
        return new Lease(e);
    }

    private void evict(Entry e) {
        e.evicted = true;
        if (e.lent == 0) {
            bytes -= e.size();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long compressions() {
        return compressions;
    }
}
