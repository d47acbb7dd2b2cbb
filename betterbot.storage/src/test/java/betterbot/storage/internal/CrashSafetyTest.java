package betterbot.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.storage.StoreConfig;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process killed with SIGKILL while storing loses nothing it reported committed, and the file stays sound. */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedSignalSurvivesSigkill() throws Exception {
        Path db = dir.resolve("crash.db");
        List<String> acknowledged = new ArrayList<>();
        for (int round = 0; round < 2; round++) { // the second round also recovers from the first crash
            Process child = startChild(db);
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                int seen = 0;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("committed ")) {
                        acknowledged.add(line.substring("committed ".length()));
                        if (++seen == 1500) {
                            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close
                            break;
                        }
                    }
                }
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals(137, child.exitValue(), "killed by SIGKILL");
        }
        assertTrue(acknowledged.size() >= 3000);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             var rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertEquals("ok", rs.getString(1));
        }
        try (SqliteSignalStore store = SqliteSignalStore.open(new StoreConfig(db))) {
            for (String id : acknowledged) {
                assertTrue(store.get(id).isPresent(), "acknowledged " + id + " survived");
            }
        }
    }

    private Process startChild(Path db) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> path = new ArrayList<>();
        path.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                path.add(value);
            }
        }
        return new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, path),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", CrashChild.class.getName(), db.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
