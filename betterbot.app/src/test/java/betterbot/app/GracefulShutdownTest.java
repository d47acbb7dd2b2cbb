package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.storage.SignalReader;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, as systemd sends it, while signals are being stored: the JVM runs the service's shutdown hook, which
 * stops HTTP, drains the writes and closes the database; nothing acknowledged is lost and the exit status is the
 * 143 that the unit's SuccessExitStatus expects.
 */
class GracefulShutdownTest {
    private static final Pattern STOPPED = Pattern.compile("stopped in (\\d+) ms: (.*)");

    @TempDir
    Path dir;

    @Test
    void sigtermWhileStoringLosesNothingAcknowledgedAndExits143Within10Seconds() throws Exception {
        Path db = dir.resolve("graceful.db");
        Path log = dir.resolve("child.log");
        Path out = dir.resolve("child.out");
        Process child = startChild(db, log, out);
        long sigtermAt;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acknowledged(out).size() < 2000) {
                assertTrue(child.isAlive(), "the child died early; log:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "too slow to store 2000 signals");
                Thread.sleep(20);
            }
        } finally {
            sigtermAt = System.nanoTime();
            child.destroy(); // SIGTERM; the writers keep going until the store refuses them
            boolean exited = child.waitFor(10, TimeUnit.SECONDS);
            if (!exited) {
                child.destroyForcibly();
            }
            assertTrue(exited, "exited within 10 s of SIGTERM; log:\n" + Files.readString(log));
        }
        List<String> acknowledged = acknowledged(out);
        long stopMillis = (System.nanoTime() - sigtermAt) / 1_000_000;
        String logText = Files.readString(log);
        assertEquals(143, child.exitValue(), "exit status after SIGTERM; log:\n" + logText);
        assertTrue(acknowledged.size() >= 2000, "acknowledged " + acknowledged.size());
        assertTrue(stopMillis < 10_000, "stopped in " + stopMillis + " ms");

        Matcher stopped = STOPPED.matcher(logText);
        assertTrue(stopped.find(), "the ordered stop reports itself; log:\n" + logText);
        String steps = stopped.group(2);
        // the HTTP API's close ends its live streams first (SignalStreamTest.closingTheServerEndsStreamsAtOnce)
        // the grading thread stops after the sources, having observed what they delivered last
        assertTrue(steps.matches("sources \\d+ ms, grading \\d+ ms, HTTP API \\d+ ms, signal store \\d+ ms"),
                "pollers, then HTTP with its streams, then the store: " + steps);
        assertTrue(logText.contains("signal store " + db + " closed"), "the store closed cleanly");

        assertEquals("ok", integrityCheck(db));
        // The close checkpointed the WAL into the database file.
        Path wal = Path.of(db + "-wal");
        assertTrue(Files.notExists(wal) || Files.size(wal) == 0, "the WAL was not checkpointed");
        try (SignalReader store = SignalReader.open(new StoreConfig(db))) {
            for (String id : acknowledged) {
                assertTrue(store.get(id).isPresent(), "acknowledged " + id + " survived");
            }
            assertTrue(store.count() >= acknowledged.size());
        }
    }

    private static String integrityCheck(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             var rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Ids on complete lines only: the process may end in the middle of printing one. */
    private static List<String> acknowledged(Path out) throws Exception {
        String text = Files.readString(out, StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).lines().toList()) {
            if (line.startsWith("acked ")) {
                ids.add(line.substring("acked ".length()));
            }
        }
        return ids;
    }

    private Process startChild(Path db, Path log, Path out) throws Exception {
        return ChildJvm.start(ShutdownChild.class, Map.of("DB_PATH", db.toString(), "PORT", "0", "LOG_LEVEL", "info",
                "MAX_SIGNALS", "1000000"), log, out); // retention must not remove what the test looks for
    }
}
