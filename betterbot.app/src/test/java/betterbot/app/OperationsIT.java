package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.app.Launcher.Output;
import betterbot.signals.SignalJson;
import betterbot.signals.StoredSignal;
import betterbot.storage.SignalReader;
import betterbot.storage.SignalStore;
import betterbot.storage.SignalQuery;
import betterbot.storage.StoreConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator does with the real {@code bin/betterbot}: check the settings, inspect, back up, restore. */
class OperationsIT {
    @TempDir
    Path dir;

    @Test
    void checkConfigPrintsTheSettingsOrNamesEveryInvalidVariable() throws Exception {
        Output ok = Launcher.betterbot(dir, Map.of("PORT", "9100", "BETTERBOT_JAVA_OPTS", "-Xmx64m"), "check-config");
        assertEquals(0, ok.status(), ok.all());
        assertTrue(ok.out().contains("the configuration is valid"), ok.out());
        assertTrue(ok.out().lines().anyMatch(l -> l.matches("\\s+PORT\\s+9100")), ok.out());
        assertTrue(ok.out().lines().anyMatch(l -> l.matches("\\s+BETTERBOT_JAVA_OPTS\\s+-Xmx64m\\s+\\(max heap \\d+ MiB\\)")),
                ok.out());
        assertEquals("", ok.err());

        Output bad = Launcher.betterbot(dir, Map.of("PORT", "eighty", "LOG_LEVEL", "chatty"), "check-config");
        assertEquals(ExitCode.BAD_CONFIG.code, bad.status());
        assertEquals("", bad.out());
        assertTrue(bad.err().contains("PORT must be") && bad.err().contains("LOG_LEVEL must be"), bad.err());
    }

    /**
     * While the image serves the database and another process keeps writing to it: stats, export and an online
     * backup; then the documented restore (stop, copy the backup over DB_PATH without -wal/-shm, start) serves
     * what the backup holds.
     */
    @Test
    void dbCommandsRunNextToTheServiceAndABackupRestores() throws Exception {
        Path db = dir.resolve("ops.db");
        try (SignalStore store = SignalStore.open(new StoreConfig(db, 100_000))) {
            List<betterbot.signals.Signal> batch = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                batch.add(DbCommandTest.signal(i));
            }
            store.storeAll(batch);
        }
        Map<String, String> env = Map.of("DB_PATH", db.toString(), "MAX_SIGNALS", "100000",
                "BETTERBOT_JAVA_OPTS", "-Xmx64m");
        Launcher.Service service = Launcher.serve(dir, env);
        Path backup = dir.resolve("backups/ops-backup.db");
        Files.createDirectories(backup.getParent());
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger(2_000);
        Output stats;
        Output export;
        Output backupRun;
        JsonNode apiStats;
        try (SignalStore writer = SignalStore.open(new StoreConfig(db, 100_000))) {
            apiStats = SignalJson.mapper().readTree(Launcher.get(service.port(), "/api/stats/database").body());
            stats = Launcher.betterbot(dir, env, "db", "stats");
            export = Launcher.betterbot(dir, Map.of("DB_PATH", db.toString(), "LOG_LEVEL", "debug"), "db", "export");
            Thread load = Thread.ofVirtual().start(() -> {
                while (writing.get()) {
                    writer.store(DbCommandTest.signal(written.getAndIncrement()));
                }
            });
            backupRun = Launcher.betterbot(dir, env, "db", "backup", backup.toString());
            writing.set(false);
            load.join();
        }
        assertEquals(143, service.stop(), service.logText());

        assertEquals(0, stats.status(), stats.all());
        JsonNode cliStats = SignalJson.mapper().readTree(stats.out());
        assertEquals(2_000, cliStats.get("total_stored").asLong());
        Set<String> cliFields = new HashSet<>();
        cliStats.fieldNames().forEachRemaining(cliFields::add);
        apiStats.fieldNames().forEachRemaining(f -> assertTrue(cliFields.contains(f), "db stats lacks " + f));

        assertEquals(0, export.status(), export.err());
        List<String> lines = export.out().lines().toList();
        assertEquals(2_000, lines.size());
        for (String line : lines) {
            assertTrue(line.startsWith("{\"id\":\""), "stdout holds only signals, logs go to stderr: " + line);
        }
        assertTrue(export.err().contains("DEBUG") || export.err().contains("INFO"), "the log went to stderr");

        assertEquals(0, backupRun.status(), backupRun.all());
        assertTrue(backupRun.out().startsWith("backup written: " + backup), backupRun.out());
        assertEquals("ok", integrityCheck(backup));
        List<String> inBackup;
        try (SignalReader copy = SignalReader.open(new StoreConfig(backup))) {
            long n = copy.count();
            assertTrue(n >= 2_000 && n <= written.get(), "backup holds " + n);
            assertEquals(n, copy.lastSeq(), "one moment: no holes");
            inBackup = copy.query(SignalQuery.newest(100)).signals().stream().map(StoredSignal::id).toList();
        }

        // The restore procedure of docs/operations.md, "Back up and restore".
        Files.copy(backup, db, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(Path.of(db + "-wal"));
        Files.deleteIfExists(Path.of(db + "-shm"));
        Launcher.Service restored = Launcher.serve(dir, env);
        try {
            JsonNode page = SignalJson.mapper().readTree(Launcher.get(restored.port(), "/api/signals?limit=100").body());
            List<String> served = new ArrayList<>();
            page.get("signals").forEach(s -> served.add(s.get("id").asText()));
            assertEquals(inBackup, served);
        } finally {
            assertEquals(143, restored.stop());
        }
    }

    @Test
    void dbCommandsNeverCreateAMissingDatabase() throws Exception {
        Path missing = dir.resolve("nothing-here.db");
        Output r = Launcher.betterbot(dir, Map.of("DB_PATH", missing.toString()), "db", "stats");
        assertEquals(ExitCode.STORE_UNUSABLE.code, r.status());
        assertTrue(r.err().contains("does not exist"), r.err());
        assertTrue(Files.notExists(missing));
    }

    static String integrityCheck(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             var rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * A real read-only file system: a tmpfs remounted read-only in a private mount namespace (unshare), so
     * that even root cannot create files there. Skipped where namespaces or mounts are not allowed.
     */
    @Test
    void dbCommandsWorkOnReadOnlyMediaAndCreateNothing() throws Exception {
        Path db = dir.resolve("media.db");
        try (SignalStore store = SignalStore.open(new StoreConfig(db))) {
            store.storeAll(List.of(DbCommandTest.signal(1), DbCommandTest.signal(2)));
        }
        Path media = Files.createDirectories(dir.resolve("media"));
        String script = "mount -t tmpfs none '" + media + "' && cp '" + db + "' '" + media + "/' && mount -o remount,ro '"
                + media + "' && if touch '" + media + "/probe' 2>/dev/null; then echo WRITABLE; exit 9; fi && echo MOUNTED && '"
                + Launcher.BIN + "' db stats && echo FILES && ls -a '" + media + "'";
        Output r = Launcher.run(dir, Map.of("DB_PATH", media.resolve("media.db").toString(),
                "BETTERBOT_JAVA_OPTS", "-Xmx64m"), List.of("unshare", "-m", "sh", "-c", script));
        org.junit.jupiter.api.Assumptions.assumeTrue(r.out().contains("MOUNTED"),
                "no private read-only mount possible here: " + r.all());
        assertEquals(0, r.status(), r.all());
        assertTrue(r.out().contains("\"total_stored\" : 2"), r.out());
        String files = r.out().substring(r.out().indexOf("FILES"));
        assertTrue(files.contains("media.db"), files);
        assertTrue(!files.contains("media.db-wal") && !files.contains("media.db-shm"), "nothing created: " + files);
    }
}
