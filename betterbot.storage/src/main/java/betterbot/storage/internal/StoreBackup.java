package betterbot.storage.internal;

import betterbot.storage.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.PreparedStatement;

/** A consistent copy of the database, taken through the DatabaseThread by either store. */
final class StoreBackup {
    private StoreBackup() {
    }

    static void backUp(DatabaseThread db, Path target) {
        Path file = target.toAbsolutePath();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new StoreException(file + " already exists; a backup never overwrites a file");
        }
        // VACUUM INTO reads one snapshot (WAL included) and writes a compact copy; it cannot run inside a
        // transaction, which a read task never opens.
        db.readNotCountingHealth(c -> {
            try (PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, file.toString());
                ps.execute();
            }
            return null;
        });
        // SQLite does not sync the copy it writes; a backup that a power cut can lose is no backup.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw new StoreException("cannot flush the backup " + file + " to disk: " + e.getMessage(), e);
        }
    }
}
