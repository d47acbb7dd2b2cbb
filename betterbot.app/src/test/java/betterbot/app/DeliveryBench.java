package betterbot.app;

import betterbot.signals.Signal;
import betterbot.signals.StoredSignal;
import betterbot.signals.delivery.Delivery;
import betterbot.signals.delivery.DeliveryConfig;
import betterbot.signals.delivery.DeliveryFilter;
import betterbot.signals.delivery.Destination;
import betterbot.signals.delivery.DestinationKind;
import betterbot.signals.delivery.WebhookSignature;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Push delivery to a local webhook receiver that verifies every signature: deliveries per second through the real
 * store and cursor, next to the baseline of the same run (the same signed POSTs sent one after another by a bare
 * client: the ceiling of an in-order destination), and the delay from a signal's store to its receipt (p50/p99)
 * at a steady rate. Run by {@code scripts/bench-deliver}; not a test.
 */
final class DeliveryBench {
    static final String SECRET = "whsec-bench-0123456789abcdef";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path dir = Files.createTempDirectory("bench-deliver");
        Receiver receiver = new Receiver();
        try {
            run(n, rate, dir, receiver);
        } finally {
            receiver.server.stop(0);
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Counts verified receipts and the moment each signal id first arrived. */
    static final class Receiver {
        final HttpServer server;
        final AtomicInteger verified = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final Map<String, Long> arrivedAt = new ConcurrentHashMap<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/hook", ex -> {
                byte[] body;
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readAllBytes();
                }
                boolean ok = WebhookSignature.verify(ex.getRequestHeaders().getFirst(WebhookSignature.HEADER), body,
                        SECRET, Instant.now(), WebhookSignature.DEFAULT_TOLERANCE);
                if (ok) {
                    verified.incrementAndGet();
                    arrivedAt.putIfAbsent(ex.getRequestHeaders().getFirst(WebhookSignature.ID_HEADER),
                            System.nanoTime());
                } else {
                    refused.incrementAndGet();
                }
                ex.sendResponseHeaders(ok ? 204 : 401, -1);
                ex.close();
            });
            server.start();
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }

        void reset() {
            verified.set(0);
            arrivedAt.clear();
        }
    }

    static Signal signal(String run, int i) {
        Signal s = ShutdownChild.whale(i);
        return new Signal("whale_trade:" + run + "-" + i, s.signalType(), s.marketSlug(), s.confidence(),
                s.riskLevel(), s.details(), s.detectedAt(), s.source());
    }

    static void run(int n, int rate, Path dir, Receiver receiver) throws Exception {
        System.out.printf(Locale.ROOT, "bench-deliver: %,d signals to a local webhook receiver (signatures verified)%n",
                n);
        // baseline: the same signed bodies, POSTed one after another by a bare client
        List<String> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bodies.add(StoredSignal.of(i + 1, signal("base", i)).toJson());
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        double baseline = 0;
        for (int round = 0; round < 2; round++) { // the first warms the JIT and the connection; the second counts
            receiver.reset();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] body = bodies.get(i).getBytes(StandardCharsets.UTF_8);
                client.send(HttpRequest.newBuilder(receiver.uri())
                        .header(WebhookSignature.HEADER, WebhookSignature.sign(SECRET, Instant.now(), body))
                        .header(WebhookSignature.ID_HEADER, "base-" + i)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            baseline = n / ((System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "  baseline  bare client, signed POSTs in order   %,9.0f /s%n", baseline);

        // BetterBot: a backlog of n stored signals, delivered by cursor from the store
        Destination hook = new Destination("bench", DestinationKind.WEBHOOK, receiver.uri(), SECRET, null,
                DeliveryFilter.ALL, 1e6);
        try (SignalStore store = SignalStore.open(new StoreConfig(dir.resolve("bench.db"), 1_000_000,
                Clock.systemUTC()))) {
            List<Signal> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(signal("backlog", i));
                if (batch.size() == 500) {
                    store.storeAll(batch);
                    batch.clear();
                }
            }
            store.storeAll(batch);
            store.outbox().advance("bench", 0);
            receiver.reset();
            long t0 = System.nanoTime();
            Delivery delivery = Delivery.start(List.of(hook), store.outbox(), DeliveryConfig.DEFAULTS,
                    Clock.systemUTC());
            while (receiver.verified.get() < n) {
                Thread.sleep(1);
            }
            double through = n / ((System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "  betterbot backlog from the store, by cursor      %,9.0f /s  (%.2fx the"
                    + " baseline; a durable cursor write per delivery)%n", through, through / baseline);

            // the delay from a signal's store to its receipt, at a steady rate
            int m = Math.max(100, Math.min(n, rate * 20));
            long[] storedAt = new long[m];
            long interval = 1_000_000_000L / rate;
            long next = System.nanoTime();
            for (int i = 0; i < m; i++) {
                while (System.nanoTime() < next) {
                    Thread.onSpinWait();
                }
                next += interval;
                store.store(signal("live", i));
                storedAt[i] = System.nanoTime();
                delivery.wake(); // as the service's broadcast does after each commit
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (receiver.arrivedAt.keySet().stream().filter(k -> k.contains(":live-")).count() < m
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            double[] delays = new double[m];
            for (int i = 0; i < m; i++) {
                Long at = receiver.arrivedAt.get("whale_trade:live-" + i);
                delays[i] = at == null ? Double.NaN : (at - storedAt[i]) / 1e6;
            }
            Arrays.sort(delays);
            System.out.printf(Locale.ROOT, "  betterbot store -> receipt at %d signals/s (%d)   p50 %.2f ms"
                    + "  p99 %.2f ms  max %.2f ms%n", rate, m, delays[m / 2], delays[(int) Math.ceil(m * 0.99) - 1],
                    delays[m - 1]);
            System.out.printf(Locale.ROOT, "  refused signatures: %d%n", receiver.refused.get());
            delivery.close();
        }
    }

}
