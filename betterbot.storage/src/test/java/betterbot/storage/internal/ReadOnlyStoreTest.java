package betterbot.storage.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.StoredSignal;
import betterbot.storage.SignalQuery;
import betterbot.storage.SignalReader;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import betterbot.storage.StoreException;
import betterbot.storage.StoreOpenException;
import betterbot.storage.StoreStats;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second, read-only store next to the writing one: what the {@code db} commands use while the service runs. */
class ReadOnlyStoreTest {
    @TempDir
    Path dir;

    @Test
    void aMissingDatabaseIsRefusedAndNotCreated() {
        Path db = dir.resolve("missing.db");
        StoreOpenException e = assertThrows(StoreOpenException.class,
                () -> SignalReader.open(new StoreConfig(db)));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertFalse(Files.exists(db), "reading never creates a database");
    }

    @Test
    void anEmptyFileOrAFileWithoutSchemaIsRefused() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.db"));
        assertTrue(assertThrows(StoreOpenException.class, () -> SignalReader.open(new StoreConfig(empty)))
                .getMessage().contains("not a SQLite database"));
        assertEquals(0, Files.size(empty));
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (x)");
        }
        assertTrue(assertThrows(StoreOpenException.class, () -> SignalReader.open(new StoreConfig(other)))
                .getMessage().contains("no schema"));
    }

    /**
     * On media that cannot take new files (a read-only file system; root can write anywhere else, so the
     * decision is passed in here, and OperationsIT runs the image on a real read-only mount) and with no
     * writer connected, the database is opened immutable: nothing is created next to it.
     */
    @Test
    void onReadOnlyMediaNothingIsCreatedNextToTheDatabase() throws Exception {
        Path db = dir.resolve("media.db");
        try (SignalStore writer = SignalStore.open(new StoreConfig(db))) {
            writer.storeAll(List.of(TestSignals.whale(1), TestSignals.whale(2)));
        }
        List<Path> before = listing();
        assertEquals(List.of(db), before, "a clean close leaves no -wal or -shm");
        byte[] bytes = Files.readAllBytes(db);
        try (SignalReader reader = SqliteSignalReader.open(new StoreConfig(db), false)) {
            assertEquals(2, reader.count());
            assertEquals(2, reader.stats().totalStored());
            assertEquals("whale_trade:2", StoreFixtures.newest(reader, 1).get(0).id());
            assertEquals(List.of(db), listing(), "no -wal or -shm while open");
        }
        assertEquals(List.of(db), listing(), "none after closing");
        assertArrayEquals(bytes, Files.readAllBytes(db));
    }

    @Test
    void aWriterStillConnectedIsReadThroughItsWalEvenOnMediaThatLooksReadOnly() {
        Path db = dir.resolve("busy.db");
        try (SignalStore writer = SignalStore.open(new StoreConfig(db))) {
            writer.store(TestSignals.whale(1));
            try (SignalReader reader = SqliteSignalReader.open(new StoreConfig(db), false)) {
                writer.store(TestSignals.whale(2));
                assertEquals(2, reader.count(), "not immutable: the writer's WAL is read");
            }
        }
    }

    private List<Path> listing() throws Exception {
        try (var files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void readsWhatTheWriterCommitsWhileItRuns() {
        Path db = dir.resolve("shared.db");
        try (SignalStore writer = SignalStore.open(new StoreConfig(db));
             SignalReader reader = SignalReader.open(new StoreConfig(db))) {
            assertEquals(0, reader.count());
            for (int i = 0; i < 10; i++) {
                writer.store(TestSignals.whale(i));
            }
            assertEquals(10, reader.count(), "the reader's count is not the one it saw at open");
            assertEquals(writer.lastSeq(), reader.lastSeq());
            assertEquals(List.of("whale_trade:9", "whale_trade:8"),
                    StoreFixtures.newest(reader, 2).stream().map(StoredSignal::id).toList());
            StoreStats stats = reader.stats();
            assertEquals(10, stats.totalStored());
            assertEquals(10, stats.totalEverStored());
            assertEquals(10, stats.byType().get("whale_trade"));
        }
    }

    @Test
    void writesAreRefusedAndTheFileIsNotChanged() throws Exception {
        Path db = dir.resolve("ro.db");
        try (SignalStore writer = SignalStore.open(new StoreConfig(db))) {
            writer.store(TestSignals.whale(1));
        }
        byte[] before = Files.readAllBytes(db);
        try (SignalReader reader = SignalReader.open(new StoreConfig(db))) {
            // A reader has no write to call: none of the writing store's methods exists on it.
            assertFalse(Arrays.stream(reader.getClass().getMethods()).map(Method::getName)
                    .anyMatch(name -> List.of("store", "storeAll", "detectionState", "sourceLedger", "clear")
                            .contains(name)), "a read-only store offers no write");
            assertEquals(1, reader.count());
            assertEquals(1, reader.stats().totalEverStored());
        }
        assertArrayEquals(before, Files.readAllBytes(db), "no migration, pragma, optimize or checkpoint wrote");
    }

    @Test
    void aDifferentSchemaVersionIsRefused() throws Exception {
        Path db = dir.resolve("old.db");
        SignalStore.open(new StoreConfig(db)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 0"); // looks unmigrated; only the service may migrate it
        }
        assertThrows(StoreOpenException.class, () -> SignalReader.open(new StoreConfig(db)));
    }

    @Test
    void aBackupTakenWhileAnotherConnectionWritesIsOneConsistentMoment() throws Exception {
        Path db = dir.resolve("live.db");
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        try (SignalStore writer = SignalStore.open(new StoreConfig(db));
             SignalReader reader = SignalReader.open(new StoreConfig(db))) {
            Thread load = Thread.ofVirtual().start(() -> {
                for (int i = 0; writing.get(); i++) {
                    writer.store(TestSignals.whale(i));
                    written.incrementAndGet();
                }
            });
            while (written.get() < 200) {
                Thread.sleep(5);
            }
            List<Path> backups = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                Path backup = dir.resolve("backup-" + b + ".db");
                reader.backupTo(backup);
                backups.add(backup);
            }
            writing.set(false);
            load.join();
            assertTrue(written.get() > 200);
            for (Path backup : backups) {
                assertEquals("ok", integrityCheck(backup));
                try (SignalReader copy = SignalReader.open(new StoreConfig(backup))) {
                    long n = copy.count();
                    assertTrue(n >= 200 && n <= written.get(), "backup holds " + n);
                    // One moment: the copy holds exactly the first n signals, without holes.
                    assertEquals(n, copy.lastSeq());
                    assertTrue(copy.get("whale_trade:" + (n - 1)).isPresent());
                    assertTrue(copy.get("whale_trade:" + n).isEmpty());
                    assertEquals(n, copy.stats().totalEverStored());
                }
            }
        }
    }

    @Test
    void theWritingStoreCanBackUpItselfAndNeverOverwrites() throws Exception {
        Path db = dir.resolve("self.db");
        Path backup = dir.resolve("self-backup.db");
        try (SignalStore writer = SignalStore.open(new StoreConfig(db))) {
            for (int i = 0; i < 50; i++) {
                writer.store(TestSignals.whale(i));
            }
            writer.backupTo(backup);
            byte[] first = Files.readAllBytes(backup);
            writer.store(TestSignals.whale(50));
            StoreException e = assertThrows(StoreException.class, () -> writer.backupTo(backup));
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
            assertArrayEquals(first, Files.readAllBytes(backup));
        }
        // The copy is a complete database: a service started on it serves the same signals.
        try (SignalStore restored = SignalStore.open(new StoreConfig(backup))) {
            assertEquals(50, restored.count());
            assertEquals(50, restored.stats().totalEverStored());
            assertEquals(List.of("whale_trade:49"), restored.query(SignalQuery.newest(1)).signals().stream()
                    .map(StoredSignal::id).toList());
            restored.store(TestSignals.whale(50));
            assertEquals(51, restored.lastSeq(), "seq continues after the restored rows");
        }
    }

    private static String integrityCheck(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             var rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
