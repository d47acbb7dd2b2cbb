package betterbot.app;

import betterbot.signals.IsoTime;
import betterbot.signals.PlainNumber;
import betterbot.signals.SignalJson;
import betterbot.signals.StoredSignal;
import betterbot.signals.grading.Horizon;
import betterbot.signals.grading.OutcomeFilter;
import betterbot.storage.SignalPage;
import betterbot.storage.SignalQuery;
import betterbot.storage.SignalReader;
import betterbot.storage.StoreConfig;
import betterbot.storage.StoreException;
import betterbot.storage.StoreOpenException;
import betterbot.storage.StoreStats;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code betterbot db stats|export|backup}: the database of {@code DB_PATH}, opened read-only, so every
 * command is safe while the service runs on the same file (WAL lets readers run next to the one writer). Output
 * goes to stdout, logs and messages to stderr.
 */
final class DbCommand {
    static final String USAGE = """
            usage: betterbot db stats
                   betterbot db export [--since TIME]    TIME: 2026-11-24T12:00:00Z, 2026-11-24, or an age: 90m, 24h, 7d
                   betterbot db backup [--force] FILE    FILE must not exist unless --force
                   betterbot db performance [--horizon H] [--type T] [--source S] [--since TIME]
                                            [--min-confidence X] [--json]
                                                         the track record, as GET /api/performance
            """;
    private static final Pattern AGE = Pattern.compile("(\\d{1,9})([smhd])");

    /** A parsed {@code db} command line. */
    sealed interface Request {
    }

    record Stats() implements Request {
    }

    /** @param since only signals detected at or after this time; null for all */
    record Export(Instant since) implements Request {
    }

    record Backup(Path file, boolean force) implements Request {
    }

    /** @param json the route's JSON instead of the table */
    record Performance(Horizon horizon, OutcomeFilter filter, boolean json) implements Request {
    }

    private DbCommand() {
    }

    static ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, Clock.systemUTC());
    }

    static ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        Request request;
        try {
            request = parse(args, clock);
        } catch (IllegalArgumentException e) {
            err.println("betterbot db: " + e.getMessage());
            err.print(USAGE);
            return ExitCode.USAGE;
        }
        Config config = Config.fromEnvOrReport(env, err);
        if (config == null) {
            return ExitCode.BAD_CONFIG;
        }
        // Quiet unless asked: an admin's terminal shows the answer, not the store's open and close lines.
        Logging.configureForCommand(env.containsKey("LOG_LEVEL") ? config.logLevel() : "warn");
        if (request instanceof Backup backup) {
            String refusal = checkBackupTarget(backup, config.dbPath());
            if (refusal != null) {
                err.println("betterbot db backup: " + refusal);
                return ExitCode.FAILURE;
            }
        }
        StoreConfig storeConfig = new StoreConfig(config.dbPath(), config.maxSignals(), clock)
                .withGradeHorizons(config.grading().horizons());
        try (SignalReader store = SignalReader.open(storeConfig)) {
            return switch (request) {
                case Stats s -> stats(store, config.dbPath(), out);
                case Export e -> export(store, e.since(), out, err);
                case Backup b -> backup(store, b, out);
                case Performance p -> PerformanceCommand.print(store.gradeRecord(), p.horizon(), p.filter(),
                        p.json(), out, clock);
            };
        } catch (StoreOpenException e) {
            err.println("betterbot db: " + e.getMessage());
            return ExitCode.STORE_UNUSABLE;
        } catch (StoreException | UncheckedIOException e) {
            err.println("betterbot db: " + e.getMessage());
            return ExitCode.FAILURE;
        }
    }

    static Request parse(List<String> args, Clock clock) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("which one: stats, export, backup or performance?");
        }
        List<String> rest = args.subList(1, args.size());
        switch (args.get(0)) {
            case "stats" -> {
                if (!rest.isEmpty()) {
                    throw new IllegalArgumentException("stats takes no arguments, got " + rest);
                }
                return new Stats();
            }
            case "export" -> {
                if (rest.isEmpty()) {
                    return new Export(null);
                }
                if (rest.size() == 2 && rest.get(0).equals("--since")) {
                    return new Export(parseSince(rest.get(1), clock));
                }
                if (rest.size() == 1 && rest.get(0).startsWith("--since=")) {
                    return new Export(parseSince(rest.get(0).substring("--since=".length()), clock));
                }
                throw new IllegalArgumentException("export takes only --since TIME, got " + rest);
            }
            case "backup" -> {
                boolean force = rest.contains("--force");
                List<String> files = rest.stream().filter(a -> !a.equals("--force")).toList();
                if (files.size() != 1 || files.get(0).startsWith("-")) {
                    throw new IllegalArgumentException("backup needs one FILE (and optionally --force), got " + rest);
                }
                return new Backup(Path.of(files.get(0)), force);
            }
            case "performance" -> {
                return PerformanceCommand.parse(rest, clock);
            }
            default -> throw new IllegalArgumentException("unknown db command '" + args.get(0) + "'");
        }
    }

    /** An ISO instant, an ISO date (midnight UTC) or an age before now such as {@code 24h}. */
    static Instant parseSince(String text, Clock clock) {
        Instant since = sinceOrNull(text, clock);
        if (since == null || !IsoTime.inRange(since)) {
            throw new IllegalArgumentException("--since must be an ISO-8601 time (2026-11-24T12:00:00Z), a date"
                    + " (2026-11-24) or an age (90m, 24h, 7d), with a year from 0000 to 9999, got '" + text + "'");
        }
        return since;
    }

    private static Instant sinceOrNull(String text, Clock clock) {
        Matcher age = AGE.matcher(text);
        try {
            if (age.matches()) {
                Long n = PlainNumber.integer(age.group(1));
                if (n == null) {
                    return null;
                }
                Duration d = switch (age.group(2)) {
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return clock.instant().minus(d);
            }
            try {
                return IsoTime.parse(text);
            } catch (DateTimeParseException notAnInstant) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
        } catch (DateTimeException | ArithmeticException notATime) { // a parse error, or too far for an Instant
            return null;
        }
    }

    /** The fields of {@code GET /api/stats/database}, plus where the database is, pretty-printed. */
    private static ExitCode stats(SignalReader store, Path dbPath, PrintStream out) {
        StoreStats s = store.stats();
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try (JsonGenerator g = SignalJson.mapper().getFactory().createGenerator(w).useDefaultPrettyPrinter()) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // stdout stays open
            g.writeStartObject();
            g.writeStringField("database", dbPath.toAbsolutePath().toString());
            g.writeNumberField("last_seq", store.lastSeq());
            s.writeFields(g);
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.checkError() ? ExitCode.FAILURE : ExitCode.OK;
    }

    /**
     * Every signal's wire form, one per line, oldest first. Pages follow the seq cursor, so memory stays flat
     * whatever the size and a signal stored meanwhile is printed at most once.
     */
    private static ExitCode export(SignalReader store, Instant since, PrintStream out, PrintStream err) {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        long exported = 0;
        Long after = 0L;
        try {
            while (after != null) {
                SignalPage page = store.query(new SignalQuery(null, null, null, null, since, null, after,
                        SignalQuery.MAX_LIMIT));
                for (StoredSignal signal : page.signals()) {
                    w.write(signal.toJson());
                    w.write('\n');
                }
                exported += page.signals().size();
                w.flush();
                if (out.checkError()) { // PrintStream hides the broken pipe of `| head`
                    err.println("betterbot db export: output closed after " + exported + " signals");
                    return ExitCode.FAILURE;
                }
                after = page.nextCursor();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        err.println("betterbot db export: " + exported + " signals");
        return ExitCode.OK;
    }

    /** Why a backup to this file is refused, or null. Checked before the database is opened. */
    private static String checkBackupTarget(Backup backup, Path dbPath) {
        Path file = backup.file().toAbsolutePath().normalize();
        Path db = dbPath.toAbsolutePath().normalize();
        for (String suffix : List.of("", "-wal", "-shm")) {
            if (file.equals(Path.of(db + suffix)) || sameFile(file, Path.of(db + suffix))) {
                return file + " is the service's database (DB_PATH); back up to another file";
            }
        }
        if (Files.isDirectory(file)) {
            return file + " is a directory; name the backup file";
        }
        if (Files.exists(file) && !backup.force()) {
            return file + " already exists; add --force to replace it";
        }
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return "directory " + parent + " does not exist";
        }
        return null;
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes the copy next to FILE under a temporary name, checks that it opens as a signal database, then
     * renames it into place: FILE is either the previous file or a complete backup, never half of one.
     */
    private static ExitCode backup(SignalReader store, Backup backup, PrintStream out) {
        Path file = backup.file().toAbsolutePath().normalize();
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial); // left by an interrupted run; the name is ours
            store.backupTo(partial);
            long signals;
            try (SignalReader copy = SignalReader.open(new StoreConfig(partial))) {
                signals = copy.count();
            }
            Files.deleteIfExists(Path.of(partial + "-wal")); // opening the copy to check it may leave these
            Files.deleteIfExists(Path.of(partial + "-shm"));
            move(partial, file, backup.force());
            syncDirectory(file.getParent());
            out.println("backup written: " + file + " (" + signals + " signals, " + Files.size(file) + " bytes)");
            return ExitCode.OK;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // nothing more to do; the name marks it as incomplete
            }
        }
    }

    private static void move(Path from, Path to, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename within " + to.getParent() + ": " + e.getMessage(), e);
        }
    }

    /** Makes the rename itself durable. */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
