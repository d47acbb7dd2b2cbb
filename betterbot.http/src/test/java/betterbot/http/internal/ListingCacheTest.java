package betterbot.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ListingCacheTest {
    @Test
    void anAnswerIsServedOnlyForTheEtagItWasRenderedUnder() {
        ListingCache cache = new ListingCache();
        cache.put("q", "W/\"a\"", new byte[] {1, 2});
        assertArrayEquals(new byte[] {1, 2}, cache.get("q", "W/\"a\""));
        assertNull(cache.get("q", "W/\"b\""), "the store moved on");
        assertNull(cache.get("other", "W/\"a\""));
        cache.put("q", "W/\"b\"", new byte[] {3});
        assertNull(cache.get("q", "W/\"a\""), "replaced, not kept beside");
        assertEquals(1, cache.size());
        assertEquals(1, cache.bytes());
    }

    @Test
    void entriesAreBoundedLeastRecentlyUsedFirst() {
        ListingCache cache = new ListingCache();
        for (int i = 0; i < ListingCache.MAX_ENTRIES + 10; i++) {
            cache.put("q" + i, "t", new byte[10]);
            cache.get("q0", "t"); // q0 stays in use
        }
        assertEquals(ListingCache.MAX_ENTRIES, cache.size());
        assertTrue(cache.get("q0", "t") != null);
        assertNull(cache.get("q1", "t"));
    }

    @Test
    void bytesAreBoundedAndLargeAnswersAreNotKept() {
        ListingCache cache = new ListingCache();
        cache.put("huge", "t", new byte[ListingCache.MAX_BODY_BYTES + 1]);
        assertEquals(0, cache.size());
        int n = (int) (ListingCache.MAX_BYTES / ListingCache.MAX_BODY_BYTES) + 5;
        for (int i = 0; i < n; i++) {
            cache.put("q" + i, "t", new byte[ListingCache.MAX_BODY_BYTES]);
        }
        assertTrue(cache.bytes() <= ListingCache.MAX_BYTES, cache.bytes() + " bytes");
        assertNull(cache.get("q0", "t"));
        assertTrue(cache.get("q" + (n - 1), "t") != null);
    }
}
