package betterbot.http.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hostile part of {@code scripts/bench-load}, against a running service on loopback: clients that send a
 * large listing request and never read, stream clients resuming from seq 0 that never read (each reconnects
 * at once when the server cuts it), a {@code /health} probe every 100 ms with a 1 s limit, and the server's
 * resident memory sampled from {@code /proc} every 100 ms. Prints one line of figures.
 *
 * <pre>java -cp ... betterbot.http.internal.LoadBench &lt;port&gt; &lt;pid&gt; &lt;seconds&gt; &lt;never-reading&gt; &lt;streams&gt;</pre>
 */
public final class LoadBench {
    private static final byte[] CRLF = {'\r', '\n'};

    private LoadBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: LoadBench <port> <pid> <seconds> <never-reading clients> <stream clients>");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        long seconds = Long.parseLong(args[2]);
        int neverReading = Integer.parseInt(args[3]);
        int streams = Integer.parseInt(args[4]);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong connects = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < neverReading; i++) {
            threads.add(Thread.ofVirtual().start(() -> stall(port, "GET /api/signals?limit=1000 HTTP/1.1\r\nHost: x\r\n\r\n",
                    running, connects)));
        }
        for (int i = 0; i < streams; i++) {
            threads.add(Thread.ofVirtual().start(() -> stall(port, "GET /api/signals/stream HTTP/1.1\r\nHost: x\r\n"
                    + "Last-Event-ID: 0\r\n\r\n", running, connects)));
        }
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long probes = 0;
        long probeFailures = 0;
        long slowestProbeNanos = 0;
        long peakRssKb = 0;
        boolean alive = true;
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            if (!health(port)) {
                probeFailures++;
            }
            probes++;
            slowestProbeNanos = Math.max(slowestProbeNanos, System.nanoTime() - t);
            long rss = rssKb(pid);
            if (rss < 0) {
                alive = false;
                break;
            }
            peakRssKb = Math.max(peakRssKb, rss);
            long sleep = 100 - (System.nanoTime() - t) / 1_000_000;
            if (sleep > 0) {
                Thread.sleep(sleep);
            }
        }
        running.set(false);
        long hwm = hwmKb(pid);
        System.out.printf("alive=%s probes=%d probe_failures=%d slowest_probe_ms=%d peak_rss_kb=%d vm_hwm_kb=%d"
                        + " hostile_connects=%d%n", alive && rssKb(pid) >= 0, probes, probeFailures,
                slowestProbeNanos / 1_000_000, peakRssKb, hwm, connects.get());
        System.exit(0); // the stalled clients' threads end with the JVM
    }

    /** Sends a request and never reads; when the server closes the connection, does it again. */
    private static void stall(int port, String request, AtomicBoolean running, AtomicLong connects) {
        while (running.get()) {
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                connects.incrementAndGet();
                s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                // Never read; a blank line now and then (which the server reads only after the answer) fails once
                // the server has closed the connection, and then this client comes again.
                while (running.get()) {
                    Thread.sleep(500);
                    s.getOutputStream().write(CRLF);
                }
            } catch (IOException | InterruptedException e) {
                sleepQuietly(1000); // as Retry-After asks of a refused client
            }
        }
    }

    private static boolean health(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(1000);
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] head = s.getInputStream().readNBytes(12);
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    private static long rssKb(long pid) {
        return statusField(pid, "VmRSS:");
    }

    private static long hwmKb(long pid) {
        return statusField(pid, "VmHWM:");
    }

    private static long statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
                }
            }
        } catch (IOException | RuntimeException gone) {
            return -1;
        }
        return -1;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
