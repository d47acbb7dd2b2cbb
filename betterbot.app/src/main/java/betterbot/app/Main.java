package betterbot.app;

import betterbot.signals.SignalType;
import betterbot.signals.detection.Replay;
import betterbot.signals.detection.ReplaySummary;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import betterbot.storage.StoreOpenException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line: {@code betterbot [serve|check-config|db ...|replay FILE...|backtest FILE...|deliveries ...|
 * version|help]}.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err).code;
        if (code != 0) {
            System.exit(code);
        }
    }

    static ExitCode run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "serve" : args[0];
        switch (command) {
            case "serve":
                return serve(env, err);
            case "check-config":
                return CheckConfigCommand.run(env, out, err);
            case "db":
                return DbCommand.run(List.of(args).subList(1, args.length), env, out, err);
            case "replay":
                return replay(Arrays.copyOfRange(args, 1, args.length), env, out, err);
            case "backtest":
                return BacktestCommand.run(List.of(args).subList(1, args.length), env, out, err);
            case "deliveries":
                return DeliveriesCommand.run(List.of(args).subList(1, args.length), env, out, err, Clock.systemUTC());
            case "version", "--version":
                out.println("betterbot " + version());
                return ExitCode.OK;
            case "help", "--help", "-h":
                out.print(usage());
                return ExitCode.OK;
            default:
                err.println("betterbot: unknown command '" + command + "'");
                err.print(usage());
                return ExitCode.USAGE;
        }
    }

    private static String usage() {
        return """
                usage: betterbot [command]
                  serve     start the service (the default); configured by environment variables
                  check-config
                            print the effective configuration (secrets hidden); exit 3 naming every
                            invalid variable
                  db stats  print what the database holds, as JSON
                  db export [--since TIME]
                            print signals as JSON lines, oldest first; TIME is an ISO instant or date,
                            or an age such as 90m, 24h, 7d
                  db backup [--force] FILE
                            write a consistent copy of the database to FILE, also while serve runs
                  replay FILE...
                            run recorded upstream data (JSON lines, plain or gzip, as RECORD_DIR
                            holds them) through detection into the store at DB_PATH, then print a
                            summary; no network needed
                  backtest [--db FILE] [--json] FILE...
                            replay recordings through the current detectors into a fresh database,
                            grade every signal from the prices and resolutions they hold, and print
                            the track record of every horizon (as GET /api/performance does)
                  deliveries list
                            print the configured push destinations (secrets hidden)
                  deliveries test NAME
                            send one test message to destination NAME now, without retries
                  version   print the version
                  help      print this text
                """;
    }

    private static ExitCode serve(Map<String, String> env, PrintStream err) {
        Config config = Config.fromEnvOrReport(env, err);
        if (config == null) {
            return ExitCode.BAD_CONFIG;
        }
        Logging.configure(config.logLevel(), config.api().accessLog());
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("betterbot {} starting: {}", version(), config.describe());
        Service service;
        try {
            service = Service.startStoppingOnExit(config, version(), Clock.systemUTC());
        } catch (StoreOpenException e) {
            err.println("betterbot: " + e.getMessage());
            return ExitCode.STORE_UNUSABLE;
        } catch (ConfigException e) { // a setting only starting can check (a directory to create)
            e.printTo(err);
            return ExitCode.BAD_CONFIG;
        } catch (UncheckedIOException e) {
            err.println("betterbot: " + e.getMessage() + " (check PORT and BIND_ADDRESS)");
            return ExitCode.CANNOT_LISTEN;
        }
        log.info("ready: http://{}:{}/health", config.bindAddress(), service.port());
        try {
            service.awaitStopped(); // until SIGTERM or SIGINT runs the hook
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }

    /** The validated configuration, or null after printing every problem. */
    /**
     * Replays recordings into the store at DB_PATH with the same detection and risk settings as the service. The
     * service may be running on the same database meanwhile: it does not broadcast these signals, but its API
     * lists them from the store.
     */
    private static ExitCode replay(String[] files, Map<String, String> env, PrintStream out, PrintStream err) {
        if (files.length == 0) {
            err.println("betterbot: replay needs at least one FILE");
            err.print(usage());
            return ExitCode.USAGE;
        }
        Config config = Config.fromEnvOrReport(env, err);
        if (config == null) {
            return ExitCode.BAD_CONFIG;
        }
        Logging.configureForCommand(config.logLevel());
        List<Path> paths = new ArrayList<>();
        for (String f : files) {
            try {
                paths.add(Path.of(f));
            } catch (InvalidPathException e) {
                err.println("betterbot: cannot read " + f + ": not a valid path");
                return ExitCode.FAILURE;
            }
        }
        SignalStore store;
        try {
            store = SignalStore.open(new StoreConfig(config.dbPath(), config.maxSignals(), Clock.systemUTC()));
        } catch (StoreOpenException e) {
            err.println("betterbot: " + e.getMessage());
            return ExitCode.STORE_UNUSABLE;
        }
        try (store) {
            long[] added = {0};
            long[] unstored = {0};
            Replay replay = new Replay(config.detection(), config.risk(), signals -> {
                try {
                    added[0] += store.storeAll(signals).size();
                } catch (RuntimeException e) {
                    unstored[0] += signals.size(); // counted here; the pipeline reports the failure too
                    throw e;
                }
            });
            ReplaySummary summary;
            try {
                summary = replay.run(paths);
            } catch (NoSuchFileException e) {
                err.println("betterbot: cannot read " + e.getFile() + ": "
                        + (e.getReason() != null ? e.getReason() : "no such file"));
                return ExitCode.FAILURE;
            } catch (IOException e) {
                err.println("betterbot: cannot read " + e.getMessage());
                return ExitCode.FAILURE;
            }
            printSummary(summary, added[0], config.dbPath(), out);
            if (unstored[0] > 0) {
                err.println("betterbot: " + unstored[0] + " signals could not be stored in " + config.dbPath()
                        + " (see the log); replay again once the store works: stored ids are skipped");
                return ExitCode.FAILURE;
            }
            return ExitCode.OK;
        }
    }

    static void printSummary(ReplaySummary s, long added, Path db, PrintStream out) {
        out.printf(Locale.ROOT, "replay: %d lines from %d file%s in %.2f s (%,.0f lines/s, %,.0f rows/s)%n",
                s.linesRead(), s.files(), s.files() == 1 ? "" : "s", s.elapsedNanos() / 1e9, s.linesPerSecond(),
                s.rowsPerSecond());
        out.printf(Locale.ROOT, "  rows: %d markets, %d books, %d trades; %d malformed row%s skipped, %d repeated "
                        + "fill%s dropped%n", s.markets(), s.books(), s.trades(), s.rowsSkipped(),
                s.rowsSkipped() == 1 ? "" : "s", s.duplicateTrades(), s.duplicateTrades() == 1 ? "" : "s");
        out.printf(Locale.ROOT, "  malformed lines skipped: %d%n", s.malformed().size());
        for (ReplaySummary.MalformedLine m : s.malformed()) {
            out.printf(Locale.ROOT, "    %s line %d: %s%n", m.file(), m.line(), m.reason());
        }
        if (!s.truncated().isEmpty()) {
            out.printf(Locale.ROOT, "  files cut short (the recording process stopped mid-file): %d%n",
                    s.truncated().size());
            for (ReplaySummary.TruncatedFile t : s.truncated()) {
                out.printf(Locale.ROOT, "    %s: its %d complete lines replayed, then: %s%n", t.file(), t.completeLines(),
                        t.reason());
            }
        }
        out.printf(Locale.ROOT, "  signals: %d detected, %d new in %s%n", s.signals(), added, db);
        for (String type : SignalType.NAMES) {
            out.printf(Locale.ROOT, "    %-22s %d%n", type, s.signalsByType().getOrDefault(type, 0L));
        }
        if (!s.detectorFailures().isEmpty()) {
            out.printf(Locale.ROOT, "  detector failures (see the log): %s%n", s.detectorFailures());
        }
    }

    /** The module version stamped at build time, or "dev" when run from classes. */
    static String version() {
        return Main.class.getModule().getDescriptor() == null ? "dev"
                : Main.class.getModule().getDescriptor().rawVersion().orElse("dev");
    }
}
