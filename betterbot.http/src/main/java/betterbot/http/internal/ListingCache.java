package betterbot.http.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rendered answers by normalized query, each valid for one ETag: polling dashboards ask the same few queries
 * again and again, and between two new signals the answer does not change, so it is rendered once and then
 * served as bytes, without a database read. An entry whose ETag is no longer current is simply replaced.
 * Bounded by entries and by bytes (least recently used go first); large pages are not kept.
 */
final class ListingCache {
    static final int MAX_ENTRIES = 64;
    static final long MAX_BYTES = 8L << 20;
    static final int MAX_BODY_BYTES = 256 << 10;

    record Entry(String etag, byte[] body) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(MAX_ENTRIES, 0.75f, true);
    private long bytes;

    /** The body for this query at this ETag, or null. */
    synchronized byte[] get(String query, String etag) {
        Entry e = entries.get(query);
        return e != null && e.etag().equals(etag) ? e.body() : null;
    }

    synchronized void put(String query, String etag, byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return;
        }
        Entry old = entries.put(query, new Entry(etag, body));
        bytes += body.length - (old == null ? 0 : old.body().length);
        Iterator<Entry> eldest = entries.values().iterator();
        while ((entries.size() > MAX_ENTRIES || bytes > MAX_BYTES) && eldest.hasNext()) {
            bytes -= eldest.next().body().length;
            eldest.remove();
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }
}
