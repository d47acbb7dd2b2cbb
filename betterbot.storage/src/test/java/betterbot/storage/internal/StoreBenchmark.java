package betterbot.storage.internal;

import betterbot.signals.Details;
import betterbot.signals.Leg;
import betterbot.signals.RecommendedAction;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.StoredSignal;
import betterbot.storage.SignalQuery;
import betterbot.storage.StoreConfig;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Measures the signal store with {@value #HELD} signals stored and compares it with the {@code sqlite3} shell
 * inserting the same rows into the same schema with the same pragmas. A main class in the test sources, so it
 * is never shipped; run it with {@code scripts/bench-store}.
 *
 * <p>Prints a report on stdout (progress on stderr) and exits 0 whether the targets pass or not; exits 1 on
 * errors and 2 on bad arguments.
 */
public final class StoreBenchmark {
    /** Signals held during every measurement: the default retention keeps the table at this size. */
    static final int HELD = StoreConfig.DEFAULT_MAX_SIGNALS;
    private static final int BATCH_WARMUP = 5;
    private static final int READ_WARMUP = 2_000;
    private static final int PAGE = 100;
    /** Runs of each shell measurement; the median counts. */
    private static final int RUNS = 3;
    private static final long SINGLE_P99_TARGET_US = 300;
    private static final long RECENT_P99_TARGET_US = 500;
    /** storeAll must beat the shell's one transaction by this factor. */
    private static final double BATCH_TARGET_RATIO = 1.2;
    /** The pragmas SqliteSignalStore sets on every open, so the shell baseline runs as the store does. */
    private static final List<String> PRAGMAS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("PRAGMA journal_mode = WAL"), StoreFile.PRAGMAS.stream()).toList();
    private static final String INSERT_COLUMNS = "INSERT INTO signals (id, type, signal_type, market_slug, confidence,"
            + " risk_level, details, detected_at, source, created_at) VALUES (";

    private final Options options;
    private final PrintStream out;
    private final RealisticSignals signals = new RealisticSignals();
    /** Index of the next signal to generate; every phase takes fresh indexes, so ids never repeat. */
    private long next;

    private StoreBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench-store: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            out.println(Options.USAGE);
            return;
        }
        try {
            new StoreBenchmark(options, out).run();
        } catch (Exception | AssertionError e) {
            out.flush();
            System.err.println("bench-store: error: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    // ---- the run

    private void run() throws Exception {
        Files.createDirectories(options.dir());
        Path db = options.dir().resolve("store.db");
        Results r = new Results();

        try (SqliteSignalStore store = SqliteSignalStore.open(new StoreConfig(db))) {
            progress("pre-filling %,d signals", HELD);
            long prefillFrom = next;
            for (int done = 0; done < HELD; done += options.batchSize()) {
                store.storeAll(generate(Math.min(options.batchSize(), HELD - done)));
            }
            r.prefill = new Range(prefillFrom, HELD);
            expect(store.count() == HELD, "store holds " + store.count() + " signals after the pre-fill");

            progress("single inserts: %,d warm-up, %,d measured", options.warmup(), options.inserts());
            for (Signal s : generate(options.warmup())) {
                expect(store.store(s).isPresent(), "warm-up signal " + s.id() + " was new");
            }
            r.single = new Range(next, options.inserts());
            List<Signal> singles = generate(options.inserts());
            r.encodeMicros = encodeMicros(singles);
            settle();
            r.singleLatency = Latency.of(timeStores(store, singles));
            expect(store.count() == HELD, "retention keeps " + HELD + " signals, store holds " + store.count());

            // A virtual thread's call is handed to the database thread (the main thread's runs on the caller).
            int handed = Math.max(1, options.inserts() / 4);
            progress("single inserts from a virtual thread: %,d warm-up, %,d measured", handed / 4, handed);
            List<Signal> handedWarmUp = generate(handed / 4);
            List<Signal> viaVirtual = generate(handed);
            settle();
            onVirtualThread(() -> {
                handedWarmUp.forEach(store::store);
                r.handedLatency = Latency.of(timeStores(store, viaVirtual));
            });

            int batches = options.batchTotal() / options.batchSize();
            progress("batches of %,d: %d warm-up, %d measured", options.batchSize(), BATCH_WARMUP, batches);
            for (int b = 0; b < BATCH_WARMUP; b++) {
                store.storeAll(generate(options.batchSize()));
            }
            r.batch = new Range(next, (long) batches * options.batchSize());
            long[] batch = new long[batches];
            settle();
            for (int b = 0; b < batches; b++) {
                List<Signal> list = generate(options.batchSize()); // not timed
                long t0 = System.nanoTime();
                int added = store.storeAll(list).size();
                batch[b] = System.nanoTime() - t0;
                expect(added == list.size(), "batch " + b + ": " + added + " of " + list.size() + " were new");
            }
            r.batchLatency = Latency.of(batch);
            expect(store.count() == HELD, "retention keeps " + HELD + " signals, store holds " + store.count());

            progress("reads: %,d warm-up and %,d measured calls per query", READ_WARMUP, options.reads());
            r.recent = measureReads(() -> store.query(SignalQuery.newest(PAGE)).signals().size());
            SignalQuery whales = SignalQuery.newest(PAGE).withType(SignalType.WHALE_TRADE).withMinConfidence(0.7);
            r.whales = measureReads(() -> store.query(whales).signals().size());
            r.market = signals.topMarket();
            SignalQuery byMarket = SignalQuery.newest(PAGE).withMarket(r.market);
            r.byMarket = measureReads(() -> store.query(byMarket).signals().size());
            onVirtualThread(() -> r.recentHanded = measureReads(() -> store.query(SignalQuery.newest(PAGE)).signals().size()));
            r.onCaller = store.callsOnCallersThread();
        }
        r.schema = schemaOf(db);
        r.marketRows = countMarket(db, r.market);
        r.environment = environment(db);

        Shell shell = new Shell(Path.of(options.sqlite3()), options.dir());
        r.shellVersion = shell.version();
        progress("sqlite3 shell %s: writing the same rows as SQL", r.shellVersion);
        Path setup = options.dir().resolve("setup.sql");
        try (Writer w = sqlWriter(setup)) {
            w.write(String.join(";\n", r.schema) + ";\n");
            writeInserts(w, r.prefill, true);
        }
        Path autocommit = options.dir().resolve("autocommit.sql");
        try (Writer w = sqlWriter(autocommit)) {
            writeInserts(w, r.single, false);
        }
        Path sameWork = options.dir().resolve("same-work.sql");
        try (Writer w = sqlWriter(sameWork)) {
            writeStoreTransactions(w, r.single, 1);
        }
        Path sameBatches = options.dir().resolve("same-batches.sql");
        try (Writer w = sqlWriter(sameBatches)) {
            writeStoreTransactions(w, r.batch, options.batchSize());
        }
        Path oneTransaction = options.dir().resolve("one-transaction.sql");
        try (Writer w = sqlWriter(oneTransaction)) {
            writeInserts(w, r.batch, true);
        }
        // Where the transaction's time goes: the same transactions for a quarter of the rows, leaving one statement
        // out at a time, and all of them (the insert alone in its BEGIN IMMEDIATE ... COMMIT).
        Range quarter = new Range(r.single.from(), Math.max(1, r.single.count() / 4));
        java.util.Map<String, java.util.Set<Part>> variants = new java.util.LinkedHashMap<>();
        variants.put("all of it", java.util.EnumSet.allOf(Part.class));
        variants.put("without the retention delete", java.util.EnumSet.of(Part.ENTRY, Part.COUNTERS));
        variants.put("without the grade entry", java.util.EnumSet.of(Part.COUNTERS, Part.RETENTION));
        variants.put("without the counters", java.util.EnumSet.of(Part.ENTRY, Part.RETENTION));
        variants.put("the insert alone", java.util.EnumSet.noneOf(Part.class));
        java.util.Map<String, Path> variantFiles = new java.util.LinkedHashMap<>();
        int v = 0;
        for (var variant : variants.entrySet()) {
            Path file = options.dir().resolve("breakdown-" + v++ + ".sql");
            try (Writer w = sqlWriter(file)) {
                writeStoreTransactions(w, quarter, 1, variant.getValue());
            }
            variantFiles.put(variant.getKey(), file);
        }
        List<Path> files = new ArrayList<>(List.of(setup, autocommit, sameWork, sameBatches, oneTransaction));
        files.addAll(variantFiles.values());
        for (Path file : files) { // no write-back during the measurements
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }

        progress("sqlite3 shell: %,d rows in autocommit, %,d rows in one transaction", r.single.count(),
                r.batch.count());
        r.shellAutocommit = shell.measure("autocommit", setup, autocommit, HELD + r.single.count());
        r.shellOneTransaction = shell.measure("one-transaction", setup, oneTransaction, HELD + r.batch.count());
        progress("sqlite3 shell: %,d rows, each in the store's own transaction", r.single.count());
        r.shellSameWork = shell.measure("same-work", setup, sameWork, HELD, r.single.count());
        progress("sqlite3 shell: %,d rows in the store's own batches of %,d", r.batch.count(), options.batchSize());
        r.shellSameBatches = shell.measure("same-batches", setup, sameBatches, HELD, r.batch.count());
        progress("sqlite3 shell: where the transaction's time goes, %,d rows per variant", quarter.count());
        for (var variant : variantFiles.entrySet()) {
            boolean retains = variants.get(variant.getKey()).contains(Part.RETENTION);
            r.breakdown.put(variant.getKey(), shell.measure("breakdown", setup, variant.getValue(),
                    retains ? HELD : HELD + quarter.count(), quarter.count()));
        }
        r.shellStartNanos = shell.startNanos;

        report(r);
    }

    private Latency measureReads(Supplier<Integer> read) {
        for (int i = 0; i < READ_WARMUP; i++) {
            read.get();
        }
        long[] nanos = new long[options.reads()];
        long rows = 0;
        settle();
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            int n = read.get();
            nanos[i] = System.nanoTime() - t0;
            rows += n;
        }
        Latency latency = Latency.of(nanos);
        latency.rowsPerCall = (double) rows / nanos.length;
        return latency;
    }

    private List<Signal> generate(int count) {
        List<Signal> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(signals.signal(next++));
        }
        return list;
    }

    /** Stores each signal in its own call on this thread and returns each call's time; each must be new. */
    private static long[] timeStores(SqliteSignalStore store, List<Signal> list) {
        long[] nanos = new long[list.size()];
        for (int i = 0; i < nanos.length; i++) {
            Signal s = list.get(i);
            long t0 = System.nanoTime();
            boolean added = store.store(s).isPresent();
            nanos[i] = System.nanoTime() - t0;
            expect(added, "signal " + s.id() + " was new");
        }
        return nanos;
    }

    /** Mean time to encode a signal's row and grade entry as the store does before taking the connection. */
    private static double encodeMicros(List<Signal> list) {
        long sink = 0;
        for (int round = 0; round < 3; round++) { // the last round is timed, after the JIT has seen the rest
            long t0 = System.nanoTime();
            for (Signal s : list) {
                sink += StoredSignal.of(0, s).detailsJson().length();
                sink += GradeEntries.encode(s).isPresent() ? 1 : 0;
            }
            if (round == 2) {
                expect(sink > 0, "encoded something");
                return (System.nanoTime() - t0) / 1e3 / list.size();
            }
        }
        throw new AssertionError();
    }

    /** Runs the work on a virtual thread and waits for it; its failure fails the benchmark. */
    private static void onVirtualThread(Runnable work) throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.join();
        if (failure.get() instanceof Exception e) {
            throw e;
        } else if (failure.get() instanceof Error e) {
            throw e;
        }
    }

    /** Lets garbage from the previous phase go before measuring. */
    private static void settle() {
        System.gc();
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("expected: " + what);
        }
    }

    private static void progress(String format, Object... args) {
        System.err.println("bench-store: " + String.format(Locale.ROOT, format, args));
    }

    // ---- the sqlite3 shell baseline

    private static Writer sqlWriter(Path file) throws IOException {
        Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
        for (String pragma : PRAGMAS) {
            w.write(pragma + ";\n");
        }
        return w;
    }

    /** The rows the store got, as the store would write them (minus the conflict clause and RETURNING). */
    private void writeInserts(Writer w, Range range, boolean oneTransaction) throws IOException {
        long createdAt = System.currentTimeMillis();
        if (oneTransaction) {
            w.write("BEGIN;\n");
        }
        StringBuilder sb = new StringBuilder(2048);
        for (long i = range.from(); i < range.from() + range.count(); i++) {
            StoredSignal row = StoredSignal.of(0, signals.signal(i));
            sb.setLength(0);
            insertValues(sb, row, createdAt).append(";\n");
            w.append(sb);
        }
        if (oneTransaction) {
            w.write("COMMIT;\n");
        }
    }

    /**
     * The same rows in the transactions the store runs for {@code store(signal)} ({@code perTransaction} 1) or
     * {@code storeAll}: each row's insert and the grade entry of a gradable signal, then the two counters on
     * store_meta's page and the retention delete that keeps {@value #HELD}. An equal-work baseline: what SQLite
     * itself costs for those transactions, without JDBC or the Java around it.
     */
    private void writeStoreTransactions(Writer w, Range range, int perTransaction) throws IOException {
        writeStoreTransactions(w, range, perTransaction, java.util.EnumSet.allOf(Part.class));
    }

    /** The statements of the store's transaction besides the insert, which the breakdown leaves out one by one. */
    private enum Part { ENTRY, COUNTERS, RETENTION }

    private void writeStoreTransactions(Writer w, Range range, int perTransaction, java.util.Set<Part> parts)
            throws IOException {
        long createdAt = System.currentTimeMillis();
        w.write("INSERT OR IGNORE INTO store_meta (key, value) VALUES ('last_seq', (SELECT max(seq) FROM signals)),"
                + " ('total_ever_stored', (SELECT count(*) FROM signals));\n");
        StringBuilder sb = new StringBuilder(4096);
        long end = range.from() + range.count();
        for (long first = range.from(); first < end; first += perTransaction) {
            long last = Math.min(end, first + perTransaction);
            w.write("BEGIN IMMEDIATE;\n");
            for (long i = first; i < last; i++) {
                Signal signal = signals.signal(i);
                StoredSignal row = StoredSignal.of(0, signal);
                sb.setLength(0);
                insertValues(sb, row, createdAt).append(" ON CONFLICT (id) DO NOTHING;\n");
                java.util.Optional<GradeEntries.Encoded> entry = GradeEntries.encode(signal);
                if (entry.isPresent() && parts.contains(Part.ENTRY)) {
                    GradeEntries.Encoded e = entry.get();
                    sb.append("INSERT INTO signal_entries (seq, signal_id, type, source, confidence, detected_at,"
                            + " entry_price, size_usd, condition_id, holdings) VALUES (last_insert_rowid(), ");
                    quote(sb, e.entry().signalId()).append(',');
                    quote(sb, e.entry().signalType()).append(',');
                    quote(sb, e.source()).append(',');
                    sb.append(e.entry().confidence()).append(',').append(e.entry().detectedAt().toEpochMilli())
                            .append(',').append(e.entry().price()).append(',')
                            .append(e.entry().sizeUsd() == null ? "NULL" : e.entry().sizeUsd().toString()).append(',');
                    if (e.conditionId() == null) {
                        sb.append("NULL");
                    } else {
                        quote(sb, e.conditionId());
                    }
                    sb.append(',');
                    quote(sb, e.holdings()).append(") ON CONFLICT DO NOTHING;\n");
                }
                w.append(sb);
            }
            if (parts.contains(Part.COUNTERS)) {
                w.write("UPDATE store_meta SET value = CASE key WHEN 'total_ever_stored' THEN value + " + (last - first)
                        + " ELSE max(value, last_insert_rowid()) END WHERE key IN ('total_ever_stored', 'last_seq');\n");
            }
            if (parts.contains(Part.RETENTION)) {
                w.write("DELETE FROM signals WHERE seq < (SELECT seq FROM signals ORDER BY seq LIMIT 1 OFFSET "
                        + (last - first) + ");\n");
            }
            w.write("COMMIT;\n");
        }
    }

    /** {@code INSERT INTO signals (...) VALUES (...)} of one row, as the store writes it, without the semicolon. */
    private static StringBuilder insertValues(StringBuilder sb, StoredSignal row, long createdAt) {
        sb.append(INSERT_COLUMNS);
        quote(sb, row.id()).append(',');
        quote(sb, row.type()).append(',');
        quote(sb, row.signalTypeJson()).append(',');
        quote(sb, row.marketSlug()).append(',');
        sb.append(row.confidence()).append(',');
        quote(sb, row.riskLevel().wireName()).append(',');
        quote(sb, row.detailsJson()).append(',');
        sb.append(row.detectedAt().toEpochMilli()).append(',');
        quote(sb, row.source().wireName()).append(',');
        return sb.append(createdAt).append(')');
    }

    private static StringBuilder quote(StringBuilder sb, String text) {
        sb.append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(c);
            if (c == '\'') {
                sb.append('\'');
            }
        }
        return sb.append('\'');
    }

    /** The CREATE statements of the store's own database, in creation order (the schema the store made). */
    private static List<String> schemaOf(Path db) throws SQLException {
        List<String> schema = new ArrayList<>();
        try (Connection c = connect("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL"
                     + " AND type IN ('table', 'index') AND name NOT LIKE 'sqlite%' ORDER BY rowid")) {
            while (rs.next()) {
                schema.add(rs.getString(1));
            }
        }
        expect(schema.stream().anyMatch(sql -> sql.startsWith("CREATE TABLE signals")), "a signals table");
        return schema;
    }

    private static long countMarket(Path db, String market) throws SQLException {
        try (Connection c = connect("jdbc:sqlite:" + db);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM signals WHERE market_slug = ?")) {
            ps.setString(1, market);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static Connection connect(String url) throws SQLException {
        return new org.sqlite.JDBC().connect(url, new Properties());
    }

    /** Runs the sqlite3 shell as a child process, timing its wall clock. */
    private static final class Shell {
        private final Path binary;
        private final Path dir;
        private long startNanos;

        Shell(Path binary, Path dir) {
            this.binary = binary;
            this.dir = dir;
        }

        String version() throws IOException, InterruptedException {
            String v = run(List.of(binary.toString(), "--version"), null).stdout().strip();
            return v.isEmpty() ? "?" : v.split("\\s+")[0];
        }

        /**
         * Times the shell running {@code inserts} on a fresh database pre-filled by {@code setup} (not timed),
         * {@value #RUNS} times, and keeps the median. The median time the shell takes to start, open the database
         * and set the pragmas is subtracted.
         */
        ShellRun measure(String name, Path setup, Path inserts, long expectedRows)
                throws IOException, InterruptedException {
            return measure(name, setup, inserts, expectedRows, expectedRows - HELD);
        }

        /** As above, for a run of {@code inserted} rows that leaves {@code expectedRows} (retention deletes). */
        ShellRun measure(String name, Path setup, Path inserts, long expectedRows, long inserted)
                throws IOException, InterruptedException {
            Path db = dir.resolve("sqlite3-" + name + ".db");
            Path pragmas = dir.resolve("pragmas.sql");
            Files.writeString(pragmas, String.join(";\n", PRAGMAS) + ";\n");
            Path count = dir.resolve("count.sql");
            Files.writeString(count, "SELECT count(*) FROM signals;\n");
            long[] runs = new long[RUNS];
            for (int i = 0; i < RUNS; i++) {
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Files.deleteIfExists(Path.of(db + suffix));
                }
                checkWal(sqlite(db, setup));
                if (startNanos == 0) {
                    long[] starts = new long[5];
                    for (int j = 0; j < starts.length; j++) {
                        starts[j] = sqlite(db, pragmas).nanos();
                    }
                    Arrays.sort(starts);
                    startNanos = starts[starts.length / 2];
                }
                Run run = sqlite(db, inserts);
                checkWal(run);
                long rows = Long.parseLong(sqlite(db, count).stdout().strip());
                expect(rows == expectedRows, "sqlite3 " + name + " holds " + expectedRows + " rows, has " + rows);
                runs[i] = Math.max(1, run.nanos() - startNanos);
            }
            Arrays.sort(runs);
            return new ShellRun(runs[RUNS / 2], runs[0], runs[RUNS - 1], inserted);
        }

        private Run sqlite(Path db, Path input) throws IOException, InterruptedException {
            return run(List.of(binary.toString(), "-bail", "-batch", db.toString()), input);
        }

        private static void checkWal(Run run) {
            String first = run.stdout().lines().findFirst().orElse("");
            expect(first.equals("wal"), "the sqlite3 shell switched to WAL (it answered '" + first + "')");
        }

        private Run run(List<String> command, Path input) throws IOException, InterruptedException {
            Path stdout = dir.resolve("sqlite3.out");
            Path stderr = dir.resolve("sqlite3.err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            if (input != null) {
                pb.redirectInput(input.toFile());
            }
            long t0 = System.nanoTime();
            Process p = pb.start();
            int exit = p.waitFor();
            long nanos = System.nanoTime() - t0;
            if (exit != 0) {
                throw new IOException(String.join(" ", command) + (input == null ? "" : " < " + input) + " failed (exit "
                        + exit + "): " + Files.readString(stderr).strip());
            }
            return new Run(nanos, Files.readString(stdout));
        }

        private record Run(long nanos, String stdout) {
        }
    }

    private record ShellRun(long nanos, long fastestNanos, long slowestNanos, long rows) {
        double rowsPerSecond() {
            return rows * 1e9 / nanos;
        }

        double microsPerRow() {
            return nanos / 1e3 / rows;
        }
    }

    // ---- the report

    private record Range(long from, long count) {
    }

    /** Latencies in nanoseconds, sorted, with nearest-rank percentiles. */
    private static final class Latency {
        final long[] sorted;
        double rowsPerCall = Double.NaN;

        private Latency(long[] sorted) {
            this.sorted = sorted;
        }

        static Latency of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Latency(sorted);
        }

        long percentile(double p) {
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
        }

        double mean() {
            return (double) Arrays.stream(sorted).sum() / sorted.length;
        }

        long total() {
            return Arrays.stream(sorted).sum();
        }
    }

    /** What the run measured. */
    private static final class Results {
        Range prefill;
        Range single;
        Range batch;
        Latency singleLatency;
        Latency handedLatency;
        Latency recentHanded;
        long onCaller;
        Latency batchLatency;
        Latency recent;
        Latency whales;
        Latency byMarket;
        String market;
        long marketRows;
        List<String> schema;
        String environment;
        String shellVersion;
        ShellRun shellAutocommit;
        ShellRun shellOneTransaction;
        ShellRun shellSameWork;
        ShellRun shellSameBatches;
        final java.util.Map<String, ShellRun> breakdown = new java.util.LinkedHashMap<>();
        double encodeMicros;
        long shellStartNanos;

        double batchPerSecond() {
            return batch.count() * 1e9 / batchLatency.total();
        }
    }

    private String environment(Path db) throws SQLException, IOException {
        String sqlite;
        try (Connection c = connect("jdbc:sqlite::memory:")) {
            DatabaseMetaData md = c.getMetaData();
            sqlite = "SQLite " + md.getDatabaseProductVersion() + " (sqlite-jdbc " + md.getDriverVersion() + ")";
        }
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "  JVM       %s %s, %d CPUs, max heap %,d MB%n  store     %s%n"
                        + "  database  %s (%s); WAL, synchronous=NORMAL; %,d signals held (retention)%n",
                System.getProperty("java.vm.name"), Runtime.version(), rt.availableProcessors(),
                rt.maxMemory() >> 20, sqlite, db.getParent(), Files.getFileStore(db.getParent()).type(), HELD);
    }

    private void report(Results r) {
        String held = String.format(Locale.ROOT, "%,d", HELD);
        String rule = "-".repeat(111);
        out.println();
        out.println("BetterBot signal store benchmark");
        out.print(r.environment);
        out.printf(Locale.ROOT, "  shell     sqlite3 %s, the command-line shell: same schema, pragmas and rows%n",
                r.shellVersion);
        out.println();

        String head = "%-40s %7s %10s %10s %10s %10s %10s %7s%n";
        out.printf(Locale.ROOT, head, "Latency at " + held + " signals, µs", "calls", "p50", "p99", "p99.9", "mean",
                "max", ">1 ms");
        out.println(rule);
        latencyRow("store(signal), one transaction each", r.singleLatency);
        latencyRow("  the same from a virtual thread", r.handedLatency);
        latencyRow("storeAll(" + options.batchSize() + " signals)", r.batchLatency);
        latencyRow("recent(" + PAGE + ")", r.recent);
        latencyRow("  the same from a virtual thread", r.recentHanded);
        latencyRow("query whale_trade, confidence >= 0.7", r.whales);
        latencyRow("query market", r.byMarket);
        out.printf(Locale.ROOT, "  rows per page: %.0f, %.0f, %.0f (limit %d); market = %s (%,d of %s rows)%n",
                r.recent.rowsPerCall, r.whales.rowsPerCall, r.byMarket.rowsPerCall, PAGE, r.market, r.marketRows,
                held);
        out.printf(Locale.ROOT, "  The main thread's calls ran on it (%,d calls), a virtual thread's were handed to"
                + " the database thread.%n", r.onCaller);
        out.println();

        double batchRate = r.batchPerSecond();
        double singleRate = r.single.count() * 1e9 / r.singleLatency.total();
        String row = "  %-38s %,9d %9.3f s %,12.0f %10.1f%s%n";
        out.printf(Locale.ROOT, "%-40s %9s %11s %12s %10s%n", "Throughput", "rows", "time", "rows/s", "µs/row");
        out.println(rule);
        out.printf(Locale.ROOT, row, "store    storeAll, batches of " + options.batchSize(), r.batch.count(),
                r.batchLatency.total() / 1e9, batchRate, 1e6 / batchRate, "");
        out.printf(Locale.ROOT, row, "store    store(signal), one per txn", r.single.count(),
                r.singleLatency.total() / 1e9, singleRate, 1e6 / singleRate, "");
        shellRow(row, "sqlite3  one BEGIN/COMMIT for all rows", r.shellOneTransaction);
        shellRow(row, "sqlite3  one transaction per INSERT", r.shellAutocommit);
        shellRow(row, "sqlite3  the store's transaction per row", r.shellSameWork);
        shellRow(row, "sqlite3  the store's batches of " + options.batchSize(), r.shellSameBatches);
        out.printf(Locale.ROOT, "  sqlite3: median of %d runs, each on a fresh database pre-filled with the same %s"
                + " rows; %.1f ms of shell%n  start-up subtracted. Its table grows by the rows inserted, where the"
                + " store's retention keeps %s.%n", RUNS, held, r.shellStartNanos / 1e6, held);
        out.println();

        double shellRate = r.shellOneTransaction.rowsPerSecond();
        double shellRowMicros = r.shellAutocommit.microsPerRow();
        double singleMean = r.singleLatency.mean() / 1e3;
        out.println("Comparison");
        out.println(rule);
        out.printf(Locale.ROOT, "%-72s %6.2fx the throughput%n", String.format(Locale.ROOT,
                "  batch   store storeAll %,.0f/s vs sqlite3 one transaction %,.0f/s", batchRate, shellRate),
                batchRate / shellRate);
        out.printf(Locale.ROOT, "%-72s %6.2fx the time (store p50 %.1f µs)%n", String.format(Locale.ROOT,
                "  single  store mean %.1f µs vs sqlite3 autocommit %.1f µs/row", singleMean, shellRowMicros),
                singleMean / shellRowMicros, r.singleLatency.percentile(50) / 1e3);
        out.println("  Per signal the store also encodes two JSON columns, runs the call through JDBC, reads the seq"
                + " back\n  (RETURNING) and, in the same transaction, writes the grade entry and the counters and"
                + " deletes the\n  oldest row to keep " + held + ".");
        double sameWorkMicros = r.shellSameWork.microsPerRow();
        out.printf(Locale.ROOT, "%-72s %6.2fx the time%n", String.format(Locale.ROOT,
                "  equal   store mean %.1f µs vs sqlite3 the same transaction %.1f µs/row", singleMean,
                sameWorkMicros), singleMean / sameWorkMicros);
        double sameBatchRate = r.shellSameBatches.rowsPerSecond();
        out.printf(Locale.ROOT, "%-72s %6.2fx the throughput%n", String.format(Locale.ROOT,
                "  equal   store storeAll %,.0f/s vs sqlite3 the same batches %,.0f/s", batchRate, sameBatchRate),
                batchRate / sameBatchRate);
        out.println();

        out.println("Where a store(signal) goes, µs per signal (sqlite3 shell runs of the store's transaction, median of "
                + RUNS + ")");
        out.println(rule);
        double whole = r.breakdown.get("all of it").microsPerRow();
        for (var e : r.breakdown.entrySet()) {
            double micros = e.getValue().microsPerRow();
            out.printf(Locale.ROOT, "  %-44s %8.1f%s%n", e.getKey(), micros, e.getKey().startsWith("without")
                    ? String.format(Locale.ROOT, "   (that statement: %.1f)", whole - micros) : "");
        }
        out.printf(Locale.ROOT, "  %-44s %8.1f%n", "encoding the row and its entry (Java, caller)", r.encodeMicros);
        out.printf(Locale.ROOT, "  %-44s %8.1f%n", "handing the call to the database thread (p50)",
                (r.handedLatency.percentile(50) - r.singleLatency.percentile(50)) / 1e3);
        out.println("  A platform caller's call runs on its own thread and skips the hand-off; a virtual thread's does not.");
        out.println();

        out.println("Targets");
        out.println(rule);
        long singleP99 = r.singleLatency.percentile(99);
        long recentP99 = r.recent.percentile(99);
        target("store(signal) p99 <= " + SINGLE_P99_TARGET_US + " µs", micros(singleP99) + " µs",
                singleP99 <= SINGLE_P99_TARGET_US * 1_000);
        target("recent(" + PAGE + ") p99 <= " + String.format(Locale.ROOT, "%,d", RECENT_P99_TARGET_US) + " µs",
                micros(recentP99) + " µs", recentP99 <= RECENT_P99_TARGET_US * 1_000);
        double shellSingleRate = r.shellAutocommit.rowsPerSecond();
        target("store(signal) throughput >= sqlite3 autocommit",
                String.format(Locale.ROOT, "%,.0f/s vs %,.0f/s", singleRate, shellSingleRate),
                singleRate >= shellSingleRate);
        target(String.format(Locale.ROOT, "storeAll throughput >= %.1fx sqlite3 one transaction", BATCH_TARGET_RATIO),
                String.format(Locale.ROOT, "%,.0f/s vs %,.0f/s", batchRate, shellRate),
                batchRate >= BATCH_TARGET_RATIO * shellRate);
        out.println();
    }

    private void latencyRow(String name, Latency l) {
        long over = Arrays.stream(l.sorted).filter(nanos -> nanos > 1_000_000).count();
        out.printf(Locale.ROOT, "%-40s %,7d %10s %10s %10s %10s %10s %6.1f%%%n", "  " + name, l.sorted.length,
                micros(l.percentile(50)), micros(l.percentile(99)), micros(l.percentile(99.9)), micros(l.mean()),
                micros(l.sorted[l.sorted.length - 1]), 100.0 * over / l.sorted.length);
    }

    private void shellRow(String format, String name, ShellRun run) {
        out.printf(Locale.ROOT, format, name, run.rows(), run.nanos() / 1e9, run.rowsPerSecond(), run.microsPerRow(),
                String.format(Locale.ROOT, "   (runs %.3f to %.3f s)", run.fastestNanos() / 1e9,
                        run.slowestNanos() / 1e9));
    }

    private void target(String name, String value, boolean pass) {
        out.printf(Locale.ROOT, "  %-50s %28s   %s%n", name, value, pass ? "PASS" : "FAIL");
    }

    private static String micros(double nanos) {
        double us = nanos / 1e3;
        return us >= 10_000 ? String.format(Locale.ROOT, "%,.0f", us) : String.format(Locale.ROOT, "%,.1f", us);
    }

    // ---- options

    private record Options(Path dir, String sqlite3, int warmup, int inserts, int batchSize, int batchTotal,
                           int reads) {
        static final String USAGE = """
                usage: StoreBenchmark --dir DIR [--sqlite3 PATH] [--warmup N] [--inserts N] [--batch-size N]
                                      [--batch-total N] [--reads N]
                  --dir          a directory for the databases and SQL files (required)
                  --sqlite3      the sqlite3 shell (default: sqlite3 on PATH)
                  --warmup       single inserts before measuring (default 5000)
                  --inserts      measured single inserts (default 20000)
                  --batch-size   signals per storeAll batch (default 1000)
                  --batch-total  measured batch signals, a multiple of the batch size (default 100000)
                  --reads        measured calls per read query (default 5000)""";

        /** Null when help was asked for. */
        static Options parse(String[] args) {
            Path dir = null;
            String sqlite3 = "sqlite3";
            int warmup = 5_000;
            int inserts = 20_000;
            int batchSize = 1_000;
            int batchTotal = 100_000;
            int reads = 5_000;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("-h") || option.equals("--help")) {
                    return null;
                }
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("missing value after " + option);
                }
                String value = args[++i];
                switch (option) {
                    case "--dir" -> dir = Path.of(value);
                    case "--sqlite3" -> sqlite3 = value;
                    case "--warmup" -> warmup = number(option, value, 0);
                    case "--inserts" -> inserts = number(option, value, 1);
                    case "--batch-size" -> batchSize = number(option, value, 1);
                    case "--batch-total" -> batchTotal = number(option, value, 1);
                    case "--reads" -> reads = number(option, value, 1);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (dir == null) {
                throw new IllegalArgumentException("--dir is required");
            }
            if (batchTotal < batchSize || batchTotal % batchSize != 0) {
                throw new IllegalArgumentException("--batch-total must be a multiple of --batch-size");
            }
            return new Options(dir, sqlite3, warmup, inserts, batchSize, batchTotal, reads);
        }

        private static int number(String option, String value, int min) {
            try {
                int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " needs a whole number >= " + min + ", got '" + value + "'");
        }
    }

    // ---- realistic signals

    /**
     * Signals like the detectors emit, as a pure function of their index (so the shell baseline can replay the
     * same rows): 200 markets with a Zipf-like popularity, every signal type, JSON details of realistic size.
     */
    static final class RealisticSignals {
        private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
        private static final String[] QUESTIONS = {"Will Bitcoin hit $150k", "Will Ethereum close above $5,000",
            "Will the Fed cut rates", "Will Trump's approval rating exceed 45%", "Will SpaceX land Starship",
            "Will OpenAI release GPT-6", "Will Apple announce a foldable iPhone", "Will the S&P 500 hit 7,500",
            "Will US inflation fall below 2.5%", "Will Solana flip Ethereum", "Will NVIDIA stay the largest company",
            "Will Taylor Swift release a new album", "Will the Lakers win the NBA title",
            "Will Real Madrid win the Champions League", "Will a US recession be declared", "Will gold reach $3,500",
            "Will xAI raise $20B", "Will the UK call a general election", "Will Zelensky meet Putin",
            "Will Google be broken up", "Will TikTok be banned in the US", "Will a hurricane make landfall in Florida",
            "Will oil fall below $60", "Will Dogecoin reach $1", "Will Argentina's inflation drop below 30%"};
        private static final String[] WHENS = {"by March 31", "by June 30", "by September 30", "by December 31",
            "in January", "in February", "in 2026", "in 2027"};
        private static final String[] TYPES = {SignalType.WHALE_TRADE, SignalType.WHALE_CLUSTER,
            SignalType.TRACKED_WALLET_ENTRY, SignalType.PRICE_DEVIATION, SignalType.EXPIRY_EDGE,
            SignalType.VOLUME_SPIKE, SignalType.WIDE_SPREAD};
        private static final double[] TYPE_SHARES = {0.40, 0.08, 0.10, 0.12, 0.10, 0.10, 0.10};
        private static final char[] HEX = "0123456789abcdef".toCharArray();

        private record Market(String slug, String title, String conditionId, String[] assetIds, Instant expiry) {
        }

        private final Market[] markets = new Market[QUESTIONS.length * WHENS.length];
        private final double[] popularity = new double[markets.length];
        private final String[] wallets = new String[400];

        RealisticSignals() {
            SplittableRandom r = new SplittableRandom(42);
            double sum = 0;
            for (int i = 0; i < markets.length; i++) {
                String title = QUESTIONS[i % QUESTIONS.length] + " " + WHENS[i / QUESTIONS.length] + "?";
                String slug = title.toLowerCase(Locale.ROOT).replaceAll("[$',%?]", "").replaceAll("[^a-z0-9]+", "-");
                markets[i] = new Market(slug, title, hex(r, 64), new String[] {digits(r, 77), digits(r, 77)},
                        T0.plus(java.time.Duration.ofHours(6 + r.nextInt(24 * 400))));
                sum += 1.0 / (i + 1);
                popularity[i] = sum;
            }
            for (int i = 0; i < wallets.length; i++) {
                wallets[i] = hex(r, 40);
            }
        }

        /** The most popular market's slug. */
        String topMarket() {
            return markets[0].slug();
        }

        Signal signal(long index) {
            SplittableRandom r = new SplittableRandom(0x5EED_B0B5L + index * 0x9E37_79B9_7F4A_7C15L);
            Market m = pickMarket(r);
            String type = pick(r, TYPES, TYPE_SHARES);
            Instant detected = T0.plusMillis(index * 1_500 + r.nextInt(1_000));
            int outcomeIndex = r.nextInt(2);
            String outcome = outcomeIndex == 0 ? "Yes" : "No";
            Side side = r.nextDouble() < 0.7 ? Side.BUY : Side.SELL;
            double price = round(0.03 + 0.94 * r.nextDouble(), 3);
            double confidence = round(type.equals(SignalType.WHALE_TRADE) ? 0.55 + 0.4 * r.nextDouble()
                    : 0.4 + 0.55 * r.nextDouble(), 4);
            String wallet = wallets[r.nextInt(wallets.length)];
            Details.Builder details = Details.builder().conditionId(m.conditionId()).marketTitle(m.title())
                    .outcome(outcome).outcomeIndex(outcomeIndex).assetId(m.assetIds()[outcomeIndex])
                    .currentPrice(price).volume24h(round(5_000 + 2_000_000 * r.nextDouble(), 2))
                    .liquidity(round(1_000 + 500_000 * r.nextDouble(), 2))
                    .recommendedSizeUsd(round(25 + 975 * r.nextDouble(), 2)).expiryTime(m.expiry())
                    .eventTime(detected.minusMillis(200 + r.nextInt(5_000)))
                    .takerFeeRate(0.0).feeRateAssumed(r.nextInt(10) == 0);
            RecommendedAction follow = side == Side.BUY ? RecommendedAction.FOLLOW_BUY : RecommendedAction.FOLLOW_SELL;
            double usd = round(10_000 + 240_000 * r.nextDouble() * r.nextDouble(), 2);
            SignalType signalType = switch (type) {
                case SignalType.WHALE_TRADE -> {
                    details.side(side).wallet(wallet).recommendedAction(follow);
                    yield new SignalType.WhaleTrade(wallet, usd, round(usd / price, 2), price);
                }
                case SignalType.WHALE_CLUSTER -> {
                    int n = 3 + r.nextInt(5);
                    List<String> cluster = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        cluster.add(wallets[r.nextInt(wallets.length)]);
                    }
                    details.side(side).recommendedAction(follow);
                    yield new SignalType.WhaleCluster(n, cluster, round(usd * n / 2, 2), side, outcome,
                            new int[] {15, 30, 60}[r.nextInt(3)]);
                }
                case SignalType.TRACKED_WALLET_ENTRY -> {
                    String label = "tracked-" + Math.floorMod(wallet.hashCode(), 50);
                    details.side(side).wallet(wallet).walletLabel(label).recommendedAction(follow);
                    double size = round(usd / 10, 2);
                    yield new SignalType.TrackedWalletEntry(wallet, label, size, round(size / price, 2), price);
                }
                case SignalType.PRICE_DEVIATION -> {
                    int n = 2 + r.nextInt(5);
                    List<Leg> legs = new ArrayList<>(n);
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        double p = round(0.9 / n + 0.05 * r.nextDouble(), 3);
                        sum += p;
                        legs.add(new Leg(m.slug() + "-leg-" + i, "Yes", digits(r, 77), p,
                                round(50 + 2_000 * r.nextDouble(), 2)));
                    }
                    boolean buy = sum < 1;
                    double edge = round(Math.abs(1 - sum), 4);
                    details.legs(legs).recommendedAction(buy ? RecommendedAction.BUY_ALL : RecommendedAction.SELL_ALL);
                    yield new SignalType.PriceDeviation(n, buy ? round(sum, 4) : null, buy ? null : round(sum, 4), edge,
                            round(edge * 0.8, 4), round(100 + 5_000 * r.nextDouble(), 2));
                }
                case SignalType.EXPIRY_EDGE -> {
                    double favourite = round(0.85 + 0.14 * r.nextDouble(), 3);
                    details.recommendedAction(RecommendedAction.BUY_FAVOURITE).currentPrice(favourite);
                    yield new SignalType.ExpiryEdge(round(1 + 47 * r.nextDouble(), 2), outcome, favourite);
                }
                case SignalType.VOLUME_SPIKE -> {
                    double baseline = round(2_000 + 100_000 * r.nextDouble(), 2);
                    double ratio = round(3 + 12 * r.nextDouble(), 2);
                    details.recommendedAction(RecommendedAction.WATCH);
                    yield new SignalType.VolumeSpike(round(baseline * ratio, 2), baseline, ratio);
                }
                default -> {
                    double bid = round(0.05 + 0.5 * r.nextDouble(), 3);
                    double spread = round(0.1 + 0.3 * r.nextDouble(), 3);
                    details.recommendedAction(RecommendedAction.WATCH);
                    yield new SignalType.WideSpread(outcome, bid, round(bid + spread, 3), spread);
                }
            };
            Source source = r.nextDouble() < 0.7 ? Source.POLYMARKET : r.nextDouble() < 0.67 ? Source.HASHDIVE
                    : Source.DOME;
            String id = type + ":" + hex(r, 40) + ":" + index; // the index keeps every id distinct
            return new Signal(id, signalType, m.slug(), confidence, risk(confidence), details.build(), detected, source);
        }

        private Market pickMarket(SplittableRandom r) {
            double x = r.nextDouble() * popularity[popularity.length - 1];
            int i = Arrays.binarySearch(popularity, x);
            return markets[Math.min(i >= 0 ? i : -i - 1, markets.length - 1)];
        }

        private static String pick(SplittableRandom r, String[] values, double[] shares) {
            double x = r.nextDouble();
            for (int i = 0; i < values.length - 1; i++) {
                x -= shares[i];
                if (x < 0) {
                    return values[i];
                }
            }
            return values[values.length - 1];
        }

        private static RiskLevel risk(double confidence) {
            return confidence >= 0.85 ? RiskLevel.LOW : confidence >= 0.7 ? RiskLevel.MEDIUM
                    : confidence >= 0.55 ? RiskLevel.HIGH : RiskLevel.VERY_HIGH;
        }

        private static double round(double value, int places) {
            double scale = Math.pow(10, places);
            return Math.round(value * scale) / scale;
        }

        private static String hex(SplittableRandom r, int chars) {
            StringBuilder sb = new StringBuilder(chars + 2).append("0x");
            for (int i = 0; i < chars; i++) {
                sb.append(HEX[r.nextInt(16)]);
            }
            return sb.toString();
        }

        private static String digits(SplittableRandom r, int count) {
            StringBuilder sb = new StringBuilder(count).append((char) ('1' + r.nextInt(9)));
            for (int i = 1; i < count; i++) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            return sb.toString();
        }
    }
}
