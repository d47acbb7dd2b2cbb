package betterbot.storage.internal;

import betterbot.storage.StoreOpenException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/**
 * Opens the database file: checks it before SQLite touches it, connects, checks the schema version and sets
 * the pragmas; the writer's access also switches to WAL and migrates. One path for both accesses: what differs
 * is in {@link Access}.
 */
final class StoreFile {
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** Pragmas set on every open, each explicitly (sqlite-jdbc's defaults differ from what a server wants). */
    static final List<String> PRAGMAS = List.of(
            "PRAGMA synchronous = NORMAL", // durable across process crashes in WAL mode
            "PRAGMA temp_store = MEMORY",
            "PRAGMA journal_size_limit = 67108864",
            "PRAGMA wal_autocheckpoint = 4000",
            "PRAGMA cache_size = -4096",
            "PRAGMA busy_timeout = 5000",
            "PRAGMA foreign_keys = ON");
    /** What a read-only connection sets: nothing that writes to the file. */
    private static final List<String> READ_ONLY_PRAGMAS = List.of(
            "PRAGMA temp_store = MEMORY",
            "PRAGMA cache_size = -8192",
            "PRAGMA busy_timeout = 5000");

    private StoreFile() {
    }

    /** How a connection uses the file. */
    sealed interface Access {
        /** Refuses what SQLite would fail on later, or silently turn into a new database, before touching it. */
        void checkFile(Path path);

        String url(Path path);

        Properties properties();

        void checkVersion(int version, Path path);

        /** The pragmas; the configured busy timeout is set right after them. */
        void configure(Connection connection, Path path) throws SQLException;

        /** Brings the file to the current schema and retention before the store serves. */
        void migrate(Connection connection, int version, Path path) throws SQLException;
    }

    /** What the store does with the open connection before it serves; a failure closes the connection. */
    @FunctionalInterface
    interface Setup<T> {
        T on(Connection connection) throws SQLException;
    }

    /**
     * The serving process: creates or migrates the file, WAL journaling.
     *
     * @param maxSignals retention, applied at open
     */
    record ReadWrite(int maxSignals) implements Access {
        @Override
        public void checkFile(Path path) {
            if (Files.isDirectory(path)) {
                throw new StoreOpenException("DB_PATH " + path + " is a directory; it must name a database file");
            }
            if (!Files.exists(path)) {
                Path parent = path.getParent();
                if (parent == null || !Files.isDirectory(parent)) {
                    throw new StoreOpenException("DB_PATH " + path + ": directory " + parent + " does not exist");
                }
                if (!Files.isWritable(parent)) {
                    throw new StoreOpenException("DB_PATH " + path + ": directory " + parent + " is not writable");
                }
                return;
            }
            if (!Files.isReadable(path) || !Files.isWritable(path)) {
                throw new StoreOpenException("DB_PATH " + path + " is not readable and writable by this user");
            }
            checkHeader(path, false);
        }

        @Override
        public String url(Path path) {
            return "jdbc:sqlite:" + path;
        }

        @Override
        public Properties properties() {
            return new Properties();
        }

        @Override
        public void checkVersion(int version, Path path) {
            if (version > Schema.CURRENT_VERSION) {
                throw new StoreOpenException("DB_PATH " + path + ": schema version " + version
                        + " is newer than this program supports (" + Schema.CURRENT_VERSION
                        + "); upgrade BetterBot or point DB_PATH at another file. The file was not changed.");
            }
        }

        @Override
        public void configure(Connection connection, Path path) throws SQLException {
            try (Statement s = connection.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
                    String mode = rs.next() ? rs.getString(1) : "?";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        throw new StoreOpenException("DB_PATH " + path + ": cannot switch to WAL journaling (got "
                                + mode + "); is the file on a network file system?");
                    }
                }
                execute(s, PRAGMAS);
            }
        }

        @Override
        public void migrate(Connection connection, int version, Path path) throws SQLException {
            Schema.migrate(connection, version);
            Retention.applyAtOpen(connection, maxSignals, path);
        }
    }

    /**
     * A reader next to the process that writes the file (WAL lets readers run alongside the writer). Nothing it
     * does writes: no journal mode switch, no migration.
     *
     * @param immutable opened without the {@code -shm} file that WAL mode otherwise creates: for media that cannot
     *                  take new files, and only when no writer is connected
     */
    record ReadOnly(boolean immutable) implements Access {
        @Override
        public void checkFile(Path path) {
            if (!Files.exists(path)) {
                throw new StoreOpenException("DB_PATH " + path
                        + " does not exist; point DB_PATH at the service's database");
            }
            if (Files.isDirectory(path)) {
                throw new StoreOpenException("DB_PATH " + path + " is a directory; it must name a database file");
            }
            if (!Files.isReadable(path)) {
                throw new StoreOpenException("DB_PATH " + path + " is not readable by this user");
            }
            checkHeader(path, true);
        }

        @Override
        public String url(Path path) {
            return immutable ? "jdbc:sqlite:" + path.toUri() + "?immutable=1" : "jdbc:sqlite:" + path;
        }

        @Override
        public Properties properties() {
            SQLiteConfig sqlite = new SQLiteConfig();
            sqlite.setReadOnly(true);
            return sqlite.toProperties();
        }

        @Override
        public void checkVersion(int version, Path path) {
            if (version == 0) {
                throw new StoreOpenException("DB_PATH " + path + " holds no BetterBot signals (no schema)");
            }
            if (version != Schema.CURRENT_VERSION) {
                throw new StoreOpenException("DB_PATH " + path + ": schema version " + version + " differs from this"
                        + " program's (" + Schema.CURRENT_VERSION + "); use the BetterBot version that runs on it,"
                        + " or start the service once to migrate an older file");
            }
        }

        @Override
        public void configure(Connection connection, Path path) throws SQLException {
            try (Statement s = connection.createStatement()) {
                execute(s, READ_ONLY_PRAGMAS);
            }
        }

        @Override
        public void migrate(Connection connection, int version, Path path) {
            // a reader never migrates: a file of another version was refused
        }
    }

    /**
     * Opens {@code path} with {@code access} and hands the connection to {@code setup}; the configured lock wait
     * replaces the pragmas' default.
     *
     * @throws StoreOpenException when the file cannot be used; a reader leaves it as it was
     */
    static <T> T open(Path path, Duration busyTimeout, Access access, Setup<T> setup) {
        access.checkFile(path);
        Connection connection = null;
        try {
            connection = new org.sqlite.JDBC().connect(access.url(path), access.properties());
            if (connection == null) {
                throw new StoreOpenException("DB_PATH " + path + ": sqlite-jdbc refused the path");
            }
            int version = readVersion(connection, path);
            access.checkVersion(version, path);
            access.configure(connection, path);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + busyTimeout.toMillis());
            }
            access.migrate(connection, version, path);
            return setup.on(connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StoreOpenException("DB_PATH " + path + ": cannot open the database: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing; the original error is what the user needs
            }
        }
    }

    /** An empty file becomes a new database when writing; reading needs the SQLite header. */
    private static void checkHeader(Path path, boolean readOnly) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] header = in.readNBytes(SQLITE_HEADER.length);
            if ((header.length > 0 || readOnly) && !Arrays.equals(header, SQLITE_HEADER)) {
                throw new StoreOpenException("DB_PATH " + path
                        + " is not a SQLite database; refusing to use it (the file was not changed)");
            }
        } catch (IOException e) {
            throw new StoreOpenException("DB_PATH " + path + ": cannot read the file: " + e.getMessage(), e);
        }
    }

    private static int readVersion(Connection connection, Path path) throws SQLException {
        try {
            return Schema.version(connection);
        } catch (SQLException e) {
            throw new StoreOpenException("DB_PATH " + path + " is not a usable SQLite database: " + e.getMessage(), e);
        }
    }

    private static void execute(Statement s, List<String> pragmas) throws SQLException {
        for (String pragma : pragmas) {
            s.execute(pragma);
        }
    }
}
