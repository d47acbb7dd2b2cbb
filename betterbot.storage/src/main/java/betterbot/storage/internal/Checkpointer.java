package betterbot.storage.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the WAL back into the database file once a second, on a connection and a thread of its own
 * (docs/internals.md, The signal store): a passive checkpoint never blocks the writer, and with the WAL kept
 * short the writer's own automatic checkpoint (with its fsyncs, tens of milliseconds on a small VM) rarely
 * falls inside a commit. The writer's {@code wal_autocheckpoint} stays on as the safety net when writes outrun
 * this thread. Checkpoints are safe at any moment: a crash during one leaves the WAL to be replayed.
 */
final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Connection connection;
    private final Thread thread;
    private volatile boolean running = true;
    private int failures; // checkpoint thread only

    Checkpointer(Path path) throws SQLException {
        this.connection = DriverManager.getConnection("jdbc:sqlite:" + path);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA cache_size = -256"); // 256 KiB: it only copies pages, the writer's cache serves reads
        }
        this.thread = Thread.ofPlatform().daemon().name("signal-store-checkpoint").start(this::run);
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(INTERVAL);
                try (Statement s = connection.createStatement()) {
                    s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                }
                failures = 0;
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) { // the writer's automatic checkpoints still run: nothing is at risk
                if (failures++ == 0) {
                    LOG.warn("background checkpoint failed (the writer checkpoints instead): {}", e.getMessage());
                }
            }
        }
    }

    /** Stops the thread (waiting for a checkpoint under way) and closes its connection. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the checkpoint connection: {}", e.getMessage());
        }
    }
}
