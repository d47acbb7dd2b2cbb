package betterbot.storage.internal;

import betterbot.signals.StoredSignal;
import betterbot.storage.SignalReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

/** What only tests do to a store: the exported API has no way to wipe it. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    /** The newest signals, newest first. */
    static List<StoredSignal> newest(SignalReader store, int limit) {
        return store.query(betterbot.storage.SignalQuery.newest(limit)).signals();
    }

    /**
     * Deletes every signal through a second connection, as the sqlite3 shell would, and waits until the store
     * noticed (it re-reads its counters when another connection committed).
     */
    static void deleteAllSignals(Path db, SignalReader store) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("DELETE FROM signals");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (store.count() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the store did not notice the deletion: count " + store.count());
            }
            Thread.sleep(10);
        }
    }
}
