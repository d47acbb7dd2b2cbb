package betterbot.http.internal;

import betterbot.http.HttpConfig;
import betterbot.signals.StoredSignal;
import betterbot.signals.grading.Grade;
import betterbot.storage.SignalPage;
import betterbot.storage.SignalQuery;
import betterbot.storage.SignalStore;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Signal listings ({@code /api/signals}, {@code /api/signals/market/{slug}}) and single signals
 * ({@code /api/signals/{id}}), each with an ETag so that a polling dashboard gets a body-less 304 while nothing
 * changed.
 *
 * <p>The ETag is {@code W/"<instance>-<lastSeq>-<count>-<query hash>"}, computed from two volatile reads and
 * no database access. It changes whenever an answer could: every new signal raises lastSeq (seqs are never
 * reused), and the only writes that remove rows without adding one ({@code clear()}, or retention after a
 * restart with a smaller {@code MAX_SIGNALS}) lower the count; a pair once left never comes back, because
 * lastSeq never falls and, at one lastSeq, the count only falls. Retention deleting old rows — which can
 * change a {@code before} page far back in history — happens in the same commit as the insert that
 * triggered it, so lastSeq moves too. The instance part (the server's start time) keeps ETags of one process
 * from matching another's database. lastSeq is read before the count and both before the query, so a tag
 * can be older than its body (costing one extra 200 later) but never newer (which could wrongly answer 304).
 */
final class SignalRoutes {
    static final int DEFAULT_LIMIT = 50;
    /** Ids are a type and a hash or a few ids joined; a longer path segment is no id. */
    static final int MAX_ID_LENGTH = 300;
    static final Set<String> LIST_PARAMS =
            Set.of("limit", "type", "source", "market", "min_confidence", "since", "before", "after_seq");
    static final Set<String> MARKET_PARAMS =
            Set.of("limit", "type", "source", "min_confidence", "since", "before", "after_seq");
    /** Listings are stored by clients and revalidated with If-None-Match on every use. */
    static final String REVALIDATE = "no-cache";

    private final SignalStore store;
    private final String instance;
    private final ListingCache cache = new ListingCache();
    private final HeavyWork heavy;

    SignalRoutes(SignalStore store, Instant startedAt, HeavyWork heavy) {
        this.store = store;
        this.heavy = heavy;
        this.instance = Long.toString(startedAt.toEpochMilli(), 36);
    }

    void register(Router router) {
        router.add("/api/signals", LIST_PARAMS, e -> list(e, null));
        router.add("/api/signals/market/{slug}", MARKET_PARAMS, e -> list(e, e.pathParam(0)));
        // After /api/signals/stream and /api/signals/market/..., which it would otherwise match.
        router.add("/api/signals/{id}", Set.of(), this::one);
    }

    /**
     * A listing: from the answer cache when it holds this version, else read and rendered. Memory per request
     * stays bounded: a page of more than {@link HttpConfig#HEAVY_LIMIT} signals is read only under a heavy-work
     * slot; a rendered page is written from the cache (lent, so slow readers cannot grow it), and one the cache
     * cannot keep is written under a slot, a cursor page (rarely asked twice) straight to the socket as it is
     * encoded. A page back ({@code before}) is never kept: paging through history would evict the polled pages.
     */
    private void list(Exchange exchange, String market) throws IOException {
        SignalFilter filter = SignalFilter.from(exchange, market);
        int limit = exchange.intParam("limit", DEFAULT_LIMIT, 1, SignalQuery.MAX_LIMIT);
        Long before = exchange.seqParam("before");
        Long afterSeq = exchange.seqParam("after_seq");
        SignalQuery query = filter.applyTo(SignalQuery.newest(limit)).withBeforeSeq(before).withAfterSeq(afterSeq);
        String key = "list " + query;
        String etag = etag(key);
        if (notModified(exchange, etag)) {
            return;
        }
        exchange.responseHeaders().set("ETag", etag);
        ListingCache.Lease lease = cache.get(key, etag);
        if (lease == null) {
            HeavyWork.Slot slot = limit > HttpConfig.HEAVY_LIMIT ? heavy.admit() : null;
            try {
                lease = slot == null ? null : cache.get(key, etag); // rendered while this one waited?
                if (lease == null) {
                    SignalPage page = store.query(query);
                    if (slot != null && (before != null || afterSeq != null)) {
                        exchange.sendJsonStreamed(200, REVALIDATE, g -> writePage(g, page));
                        return;
                    }
                    byte[] body = Exchange.render(g -> writePage(g, page));
                    if (before != null) {
                        // a page further back is rarely asked twice: kept, it would only push the pages that
                        // dashboards poll out of the cache (and, churned, fill the old generation of a small heap)
                        exchange.send(200, Exchange.JSON, REVALIDATE, body);
                        return;
                    }
                    // under the tag read before the query: never newer than the body
                    lease = cache.put(key, etag, body);
                    if (lease == null) {
                        if (slot == null) {
                            slot = heavy.admit(); // the cache's bytes are all lent out: count this one as heavy
                        }
                        exchange.send(200, Exchange.JSON, REVALIDATE, body);
                        return;
                    }
                }
            } finally {
                if (slot != null) {
                    slot.close();
                }
            }
        }
        try (ListingCache.Lease lent = lease) {
            exchange.send(200, Exchange.JSON, REVALIDATE, lent.body(), lent::gzipped);
        }
    }

    private static void writePage(JsonGenerator g, SignalPage page) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("signals");
        List<StoredSignal> signals = page.signals();
        for (StoredSignal s : signals) {
            s.writeTo(g);
        }
        g.writeEndArray();
        g.writeNumberField("count", signals.size());
        if (page.nextCursor() == null) {
            g.writeNullField("next_cursor");
        } else {
            g.writeNumberField("next_cursor", page.nextCursor());
        }
        g.writeEndObject();
    }

    private void one(Exchange exchange) throws IOException {
        String id = exchange.pathParam(0);
        if (id.length() > MAX_ID_LENGTH) {
            throw ApiError.badParameter("id", "id must be a signal id of at most " + MAX_ID_LENGTH
                    + " characters, got " + id.length());
        }
        StoredSignal signal = store.get(id).orElseThrow(() -> ApiError.notFound("no signal with id '" + id + "'"));
        List<Grade> grades = store.gradeRecord().grades(id);
        byte[] body = Exchange.render(g -> {
            g.writeStartObject();
            signal.writeFieldsTo(g);
            GradeRoutes.writeGrades(g, grades);
            g.writeEndObject();
        });
        // a grade changes the answer without a new signal: the tag is the body's own hash
        String etag = "W/\"" + instance + "-s" + Long.toHexString(hash(body)) + '"';
        if (notModified(exchange, etag)) {
            return;
        }
        exchange.responseHeaders().set("ETag", etag);
        exchange.send(200, Exchange.JSON, REVALIDATE, body);
    }

    /** FNV-1a over the bytes: cheap, and a change of any field changes it. */
    private static long hash(byte[] body) {
        long h = 0xcbf29ce484222325L;
        for (byte b : body) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    private String etag(String normalizedQuery) {
        long lastSeq = store.lastSeq(); // before the count: see the class comment
        long count = store.count();
        return "W/\"" + instance + '-' + lastSeq + '-' + count + '-' + Integer.toHexString(normalizedQuery.hashCode())
                + '"';
    }

    /** Answers 304 when the client already holds this version. */
    private static boolean notModified(Exchange exchange, String etag) throws IOException {
        if (!matches(exchange.headerValues("If-None-Match"), etag)) {
            return false;
        }
        exchange.responseHeaders().set("ETag", etag);
        exchange.responseHeaders().set("Cache-Control", REVALIDATE);
        exchange.sendEmpty(304);
        return true;
    }

    /**
     * Weak comparison against each listed tag. {@code *} is not honoured: it would need a database read to
     * know whether the signal exists, and answering 200 instead is always correct.
     */
    static boolean matches(List<String> ifNoneMatch, String etag) {
        String opaque = opaque(etag);
        for (String line : ifNoneMatch) {
            int start = 0;
            while (start <= line.length()) {
                int comma = line.indexOf(',', start);
                int end = comma < 0 ? line.length() : comma;
                if (opaque(line.substring(start, end).strip()).equals(opaque)) {
                    return true;
                }
                start = end + 1;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
