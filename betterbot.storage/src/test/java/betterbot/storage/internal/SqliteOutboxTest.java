package betterbot.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import betterbot.signals.StoredSignal;
import betterbot.signals.delivery.Outbox;
import betterbot.storage.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each destination's cursor and refused signals, durable across a reopen, beside the signals they point into. */
class SqliteOutboxTest {
    @TempDir
    Path dir;

    @Test
    void cursorsMoveForwardOnlyAndSurviveAReopen() {
        Path db = dir.resolve("outbox.db");
        try (SqliteSignalStore store = SqliteSignalStore.open(new StoreConfig(db))) {
            for (int i = 0; i < 5; i++) {
                store.store(TestSignals.whale(i));
            }
            Outbox outbox = store.outbox();
            assertEquals(OptionalLong.empty(), outbox.cursor("hook"));
            assertEquals(5, outbox.lastSeq());
            assertEquals(List.of(3L, 4L, 5L), outbox.after(2, 100).stream().map(StoredSignal::seq).toList());
            assertEquals(List.of(1L, 2L), outbox.after(0, 2).stream().map(StoredSignal::seq).toList());
            outbox.advance("hook", 3);
            outbox.advance("hook", 2); // a late write never moves a cursor back
            outbox.advance("chat", 1);
            assertEquals(OptionalLong.of(3), outbox.cursor("hook"));
            assertEquals(OptionalLong.of(1), outbox.cursor("chat"));
        }
        try (SqliteSignalStore store = SqliteSignalStore.open(new StoreConfig(db))) {
            assertEquals(OptionalLong.of(3), store.outbox().cursor("hook"));
        }
    }

    @Test
    void aRefusedSignalIsRecordedCountedAndPassedInOneStep() throws Exception {
        Path db = dir.resolve("refused.db");
        try (SqliteSignalStore store = SqliteSignalStore.open(new StoreConfig(db))) {
            store.store(TestSignals.whale(1));
            store.store(TestSignals.whale(2));
            Outbox outbox = store.outbox();
            StoredSignal second = outbox.after(1, 1).get(0);
            outbox.undeliverable("hook", second, "HTTP 400: Bad Request: message text is empty");
            assertEquals(OptionalLong.of(2), outbox.cursor("hook"));
            assertEquals(1, outbox.undeliverableCount("hook"));
            assertEquals(0, outbox.undeliverableCount("chat"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("SELECT destination, seq, signal_id, reason FROM undeliverable")) {
            rs.next();
            assertEquals("hook", rs.getString(1));
            assertEquals(2, rs.getLong(2));
            assertEquals(TestSignals.whale(2).id(), rs.getString(3));
            assertEquals("HTTP 400: Bad Request: message text is empty", rs.getString(4));
        }
    }
}
