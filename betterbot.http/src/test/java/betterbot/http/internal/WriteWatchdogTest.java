package betterbot.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WriteWatchdogTest {
    private static final long MB = 1024 * 1024;

    @Test
    void theUnitsSmallHeapKeepsSmallSlicesAndLargerHeapsGetFewerLargerWrites() {
        // -Xmx48m (scripts/betterbot.service): 8 KiB, 16 KiB kept per keep-alive connection, as bench-load measured
        assertEquals(8192, WriteWatchdog.slice(48 * MB));
        assertEquals(8192, WriteWatchdog.slice(MB), "never below 8 KiB");
        assertEquals(32768, WriteWatchdog.slice(128 * MB));
        // the image's default -Xmx256m: a 92 KB listing goes out in two writes instead of twelve
        assertEquals(65536, WriteWatchdog.slice(256 * MB));
        assertEquals(65536, WriteWatchdog.slice(16 * 1024 * MB), "never above 64 KiB");
    }

    @Test
    void aConnectionsBufferStaysWithinOne2048thOfTheHeap() {
        for (long heap = 16 * MB; heap <= 64 * 1024 * MB; heap += heap / 3) {
            int slice = WriteWatchdog.slice(heap);
            // twice the slice is what the JDK server keeps per connection; 8 KiB is the floor below 32 MB
            org.junit.jupiter.api.Assertions.assertTrue(2L * slice <= Math.max(heap / 2048, 16384), heap + " -> " + slice);
        }
    }
}
