package betterbot.http.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The write timeout the JDK server lacks: a write to a client that stops reading blocks once the socket's
 * buffers are full, for ever, holding its thread and whatever the answer holds. Every answer's writes are
 * guarded here; one thread checks them a few times a second and interrupts the writer of any write blocked
 * longer than the timeout, which closes the connection (the server's socket channel is interruptible).
 * {@code maxRspTime} cannot do this: it limits a whole response, and would cut every live stream.
 */
final class WriteWatchdog implements AutoCloseable {
    /** The largest write handed to the JDK server at once: {@link #slice(long)} of this JVM's heap. */
    static final int SLICE = slice(Runtime.getRuntime().maxMemory());
    private final long timeoutNanos;
    private final Set<Guard> guards = ConcurrentHashMap.newKeySet();
    private final LongAdder timeouts = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;

    WriteWatchdog(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        long tickMillis = Math.max(10, Math.min(250, timeout.toMillis() / 4));
        this.thread = Thread.ofPlatform().name("http-write-watchdog").daemon(true).start(() -> watch(tickMillis));
    }

    /**
     * The slice for a heap of {@code maxHeapBytes}: a power of two near 1/4096 of it, from 8 KiB to 64 KiB, so the
     * buffer a keep-alive connection keeps (twice the slice) stays within 1/2048 of the heap. Each slice is a
     * socket write; on loopback a write costs about as much as the bytes it carries, so 8 KiB slices held a
     * 92 KB listing to 10,300 req/s and 64 KiB slices reach 16,500 (docs/internals.md, bench-http). The unit's
     * {@code -Xmx48m} keeps 8 KiB, which its hostile-load benchmark (400 connections) was measured with.
     */
    static int slice(long maxHeapBytes) {
        long target = Long.highestOneBit(Math.max(1, maxHeapBytes / 4096));
        return (int) Math.max(8192, Math.min(65536, target));
    }

    /** Writes cut since start. */
    long timeouts() {
        return timeouts.sum();
    }

    /** The writes of one answer, made on the calling thread. */
    final class Guard implements AutoCloseable {
        private final Thread writer = Thread.currentThread();
        private final Runnable onTimeout;
        /** {@link System#nanoTime()} when the write in progress began; 0 when none is. */
        private volatile long writingSince;
        private volatile boolean timedOut;

        private Guard(Runnable onTimeout) {
            this.onTimeout = onTimeout;
        }

        void begin() throws IOException {
            if (timedOut) {
                throw new IOException("write timeout: the client stopped reading");
            }
            writingSince = System.nanoTime() | 1; // never 0
        }

        void end() {
            writingSince = 0;
        }

        boolean timedOut() {
            return timedOut;
        }

        /**
         * An output stream whose every write and flush is timed. Writes go out in slices of at most
         * {@link #SLICE} bytes: the JDK server copies each write into a per-connection buffer twice its size,
         * kept for the connection's life, so one 1 MB write would pin 2 MB of heap per keep-alive connection.
         */
        OutputStream wrap(OutputStream out) {
            return new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    for (int at = off, end = off + len; at < end; at += SLICE) {
                        begin();
                        try {
                            out.write(b, at, Math.min(SLICE, end - at));
                        } finally {
                            end();
                        }
                    }
                }

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void flush() throws IOException {
                    begin();
                    try {
                        out.flush();
                    } finally {
                        end();
                    }
                }

                @Override
                public void close() {
                    // the exchange closes the server's stream itself
                }
            };
        }

        @Override
        public void close() {
            guards.remove(this);
        }

        private void check(long now) {
            long since = writingSince;
            if (since != 0 && !timedOut && now - since > timeoutNanos) {
                timedOut = true;
                timeouts.increment();
                onTimeout.run();
                if (writingSince == since) { // still the same write: interrupting closes its socket
                    writer.interrupt();
                }
            }
        }
    }

    /** Guards the calling thread's writes until the guard is closed; {@code onTimeout} runs when one is cut. */
    Guard guard(Runnable onTimeout) {
        Guard g = new Guard(onTimeout);
        guards.add(g);
        return g;
    }

    private void watch(long tickMillis) {
        while (running) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Guard g : guards) {
                g.check(now);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
