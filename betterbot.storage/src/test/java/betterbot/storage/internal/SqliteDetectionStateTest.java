package betterbot.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.StoredSignal;
import betterbot.signals.detection.DetectionState;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import betterbot.storage.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDetectionStateTest {
    @TempDir
    Path dir;

    private StoreConfig config() {
        return new StoreConfig(dir.resolve("signals.db")).withBusyTimeout(Duration.ofMillis(200));
    }

    private static DetectionState.Changes changes(List<DetectionState.Entry> upserts, List<DetectionState.Key> deletes,
                                                  long now) {
        return new DetectionState.Changes(upserts, deletes, now);
    }

    @Test
    void signalsAndStateCommitTogetherAndTheStateSurvivesAReopen() {
        List<List<StoredSignal>> published = new ArrayList<>();
        try (SignalStore store = SignalStore.open(config())) {
            DetectionState state = store.detectionState(published::add);
            state.commit(List.of(TestSignals.whale(1), TestSignals.whale(2)), changes(List.of(
                    new DetectionState.Entry("whale_trade/0", "0xwallet|m1", "1700000000000", 2_000_000_000_000L),
                    new DetectionState.Entry("wide_spread/0", "m1", "{\"hour\":5}", 2_000_000_000_000L)),
                    List.of(), 1_700_000_000_000L));
            // the same signals again (a retried poll) are not new: nothing is published twice
            state.commit(List.of(TestSignals.whale(2)), changes(List.of(), List.of(
                    new DetectionState.Key("wide_spread/0", "m1")), 1_700_000_000_000L));
        }
        assertEquals(1, published.size());
        assertEquals(List.of(1L, 2L), published.get(0).stream().map(StoredSignal::seq).toList());
        try (SignalStore store = SignalStore.open(config())) {
            assertEquals(2, store.count());
            List<DetectionState.Entry> loaded = store.detectionState(rows -> { }).load();
            assertEquals(List.of(new DetectionState.Entry("whale_trade/0", "0xwallet|m1", "1700000000000",
                    2_000_000_000_000L)), loaded);
        }
    }

    @Test
    void expiredStateIsForgotten() {
        try (SignalStore store = SignalStore.open(config())) {
            DetectionState state = store.detectionState(rows -> { });
            state.commit(List.of(), changes(List.of(new DetectionState.Entry("k/0", "old", "v", 1_000L),
                    new DetectionState.Entry("k/0", "young", "v", 500_000L)), List.of(), 0L));
            state.commit(List.of(), changes(List.of(), List.of(), 100_000L));
            assertEquals(List.of("young"), state.load().stream().map(DetectionState.Entry::key).toList());
        }
    }

    @Test
    void aLockHeldByAnotherProcessFailsTheCommitWhollyAndItIsCountedThenTheRetryStoresAll() throws Exception {
        List<List<StoredSignal>> published = new ArrayList<>();
        try (SignalStore store = SignalStore.open(config())) {
            DetectionState state = store.detectionState(published::add);
            DetectionState.Changes cooldown = changes(List.of(
                    new DetectionState.Entry("whale_trade/0", "w|m", "1", 2_000_000_000_000L)), List.of(), 1L);
            try (Connection admin = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("signals.db"));
                 Statement s = admin.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                assertThrows(StoreException.class, () -> state.commit(List.of(TestSignals.whale(7)), cooldown));
                s.execute("COMMIT");
            }
            assertEquals(0, store.count());
            assertTrue(state.load().isEmpty(), "no state change without its signals");
            assertTrue(published.isEmpty());
            assertEquals(1, store.metrics().busyWriteFailures());
            assertEquals(1, store.metrics().writeFailures());

            state.commit(List.of(TestSignals.whale(7)), cooldown);
            assertEquals(1, store.count());
            assertEquals(1, state.load().size());
            assertEquals(1, published.size());
        }
    }

    @Test
    void theConfiguredBusyTimeoutIsWaitedOutBeforeFailing() throws Exception {
        try (SignalStore store = SignalStore.open(config().withBusyTimeout(Duration.ofMillis(1500)))) {
            DetectionState state = store.detectionState(rows -> { });
            try (Connection admin = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("signals.db"));
                 Statement s = admin.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                Thread release = Thread.ofPlatform().start(() -> {
                    try {
                        Thread.sleep(300);
                        s.execute("COMMIT");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                state.commit(List.of(TestSignals.whale(3)), changes(List.of(), List.of(), 1L)); // waits, then stores
                release.join();
            }
            assertEquals(1, store.count());
            assertEquals(0, store.metrics().writeFailures());
        }
    }

}
