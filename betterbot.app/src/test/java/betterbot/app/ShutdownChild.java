package betterbot.app;

import betterbot.signals.Details;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.storage.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in a child JVM by {@link GracefulShutdownTest} and {@link PushDeliveryEndToEndTest}: the real
 * {@link Service} with the shutdown hook
 * {@code main} installs, and writers storing signals through the service's store, printing each id once the
 * store has acknowledged it. Configured by environment variables, like the service; {@code CHILD_SIGNALS} bounds
 * how many signals are written.
 */
public final class ShutdownChild {
    static final int WRITERS = 4;

    private ShutdownChild() {
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.fromEnv(System.getenv());
        Logging.configureForCommand(config.logLevel());
        Service service = Service.startStoppingOnExit(config, "test", Clock.systemUTC());
        System.out.println("ready " + service.port());
        System.out.flush();
        AtomicInteger next = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(Thread.ofVirtual().name("writer-" + w).start(() -> {
                try {
                    int limit = Integer.parseInt(System.getenv().getOrDefault("CHILD_SIGNALS", "2000000000"));
                    int i;
                    while ((i = next.getAndIncrement()) < limit) {
                        Signal signal = whale(i);
                        if (service.store().store(signal).isPresent()) {
                            System.out.println("acked " + signal.id());
                        }
                    }
                } catch (StoreException closed) {
                    System.out.println("refused " + closed.getMessage());
                }
            }));
        }
        service.awaitStopped();
        for (Thread writer : writers) {
            writer.join();
        }
    }

    static Signal whale(int i) {
        return new Signal("whale_trade:stop-" + i, new SignalType.WhaleTrade("0xw" + i, 12_000 + i, 20_000, 0.6),
                "market-" + (i % 7), 0.65, RiskLevel.MEDIUM,
                Details.builder().side(Side.BUY).outcome("Yes").wallet("0xw" + i).build(),
                Instant.parse("2026-11-24T12:00:00Z").plusMillis(i), Source.POLYMARKET);
    }
}
