package betterbot.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListingCacheTest {
    @Test
    void anAnswerIsServedOnlyForItsEtag() {
        ListingCache cache = new ListingCache();
        cache.put("q", "W/\"a\"", new byte[] {1, 2}).close();
        try (ListingCache.Lease l = cache.get("q", "W/\"a\"")) {
            assertArrayEquals(new byte[] {1, 2}, l.body());
        }
        assertNull(cache.get("q", "W/\"b\""), "the store moved on");
        assertNull(cache.get("other", "W/\"a\""));
        cache.put("q", "W/\"b\"", new byte[] {3}).close();
        assertNull(cache.get("q", "W/\"a\""), "replaced, not kept beside");
        assertEquals(1, cache.size());
        assertEquals(1, cache.bytes());
    }

    @Test
    void aCompressedCopyIsMadeOnceAndCountsTowardTheBound() throws Exception {
        ListingCache cache = new ListingCache();
        byte[] body = "{\"signals\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]}".repeat(50)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] gzip;
        try (ListingCache.Lease l = cache.put("q", "t", body)) {
            gzip = l.gzipped();
        }
        try (ListingCache.Lease l = cache.get("q", "t")) {
            assertArrayEquals(gzip, l.gzipped());
        }
        assertEquals(1, cache.compressions(), "compressed once, not per request");
        assertEquals(body.length + gzip.length, cache.bytes());
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            assertArrayEquals(body, in.readAllBytes());
        }
        cache.put("q", "t2", new byte[] {1}).close();
        assertEquals(1, cache.bytes(), "the replaced entry's copy is released with it");
    }

    @Test
    void theLeastRecentlyUsedGoFirst() {
        ListingCache cache = new ListingCache();
        for (int i = 0; i < ListingCache.MAX_ENTRIES + 10; i++) {
            cache.put("q" + i, "t", new byte[10]).close();
            cache.get("q0", "t").close(); // q0 stays in use
        }
        assertEquals(ListingCache.MAX_ENTRIES, cache.size());
        assertNotNull(cache.get("q0", "t"));
        assertNull(cache.get("q1", "t"));
    }

    @Test
    void boundedInBytesAndTooLargeAnswersAreNotKept() {
        ListingCache cache = new ListingCache();
        assertNull(cache.put("huge", "t", new byte[ListingCache.MAX_BODY_BYTES + 1]));
        assertEquals(0, cache.size());
        int n = (int) (ListingCache.MAX_BYTES / ListingCache.MAX_BODY_BYTES) + 5;
        for (int i = 0; i < n; i++) {
            cache.put("q" + i, "t", new byte[ListingCache.MAX_BODY_BYTES]).close();
        }
        assertTrue(cache.bytes() <= ListingCache.MAX_BYTES, cache.bytes() + " bytes");
        assertNull(cache.get("q0", "t"));
        assertNotNull(cache.get("q" + (n - 1), "t"));
    }

    /** Slow readers holding evicted answers cannot make the cache's memory grow past its bound. */
    @Test
    void answersLentToSlowWritersStillCountUntilTheirWriteEnds() {
        ListingCache cache = new ListingCache();
        int size = ListingCache.MAX_BODY_BYTES;
        List<ListingCache.Lease> lent = new ArrayList<>();
        int kept = 0;
        for (int i = 0; i < 20; i++) {
            ListingCache.Lease l = cache.put("q" + i, "t", new byte[size]);
            if (l != null) {
                lent.add(l); // never closed yet: a client that does not read
                kept++;
            }
            assertTrue(cache.bytes() <= ListingCache.MAX_BYTES, cache.bytes() + " bytes after " + i);
        }
        assertEquals(ListingCache.MAX_BYTES / size, kept, "only what fits the bound is kept while all is lent");
        lent.forEach(ListingCache.Lease::close);
        assertNotNull(cache.put("fresh", "t", new byte[size]), "room again once the writes ended");
        lent.get(0).close(); // closing twice changes nothing
        assertTrue(cache.bytes() <= ListingCache.MAX_BYTES);
    }

    /** Lending takes no lock: many threads lending, compressing and evicting at once still count every byte once. */
    @Test
    void concurrentLendingAndEvictionKeepTheByteCountExact() throws Exception {
        ListingCache cache = new ListingCache();
        int threads = 8;
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = t;
            running.add(Thread.ofPlatform().start(() -> {
                java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
                try {
                    for (int i = 0; i < 5_000; i++) {
                        String query = "q" + random.nextInt(100);
                        String etag = "t" + random.nextInt(3); // a newer tag replaces the entry
                        ListingCache.Lease lease = cache.get(query, etag);
                        if (lease == null) {
                            lease = cache.put(query, etag, new byte[1 + random.nextInt(200_000)]);
                        }
                        if (lease != null) {
                            if (random.nextInt(4) == 0) {
                                lease.gzipped();
                            }
                            lease.close();
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : running) {
            t.join();
        }
        assertTrue(errors.isEmpty(), () -> "errors: " + errors);
        assertEquals(cache.heldBytes(), cache.bytes(), "with nothing lent, the count is what is held");
        assertTrue(cache.size() <= ListingCache.MAX_ENTRIES);
    }
}
