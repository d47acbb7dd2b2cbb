package betterbot.app;

import betterbot.signals.detection.Pipeline;
import betterbot.signals.detection.Replay;
import betterbot.signals.detection.ReplaySummary;
import betterbot.signals.grading.Grading;
import betterbot.signals.grading.GradingStats;
import betterbot.signals.grading.Horizon;
import betterbot.signals.grading.OutcomeFilter;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import betterbot.storage.StoreOpenException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code betterbot backtest [--db FILE] [--json] FILE...}: replays recordings through the current detectors and
 * risk settings into a fresh database, grades every signal from the prices and resolutions inside the recordings
 * (the grader runs on the recordings' own times), and prints the track record of every horizon, the same report
 * as {@code GET /api/performance} (see docs/grading.md, Backtest). The database is temporary unless {@code --db}
 * names a new file to keep.
 */
final class BacktestCommand {
    static final String USAGE = "usage: betterbot backtest [--db FILE] [--json] FILE...";

    private BacktestCommand() {
    }

    static ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Path keep = null;
        boolean json = false;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            try {
                switch (a) {
                    case "--json" -> json = true;
                    case "--db" -> {
                        if (++i == args.size()) {
                            return usage(err, "--db needs a FILE");
                        }
                        keep = Path.of(args.get(i));
                    }
                    default -> {
                        if (a.startsWith("--")) {
                            return usage(err, "unknown option " + a);
                        }
                        files.add(Path.of(a));
                    }
                }
            } catch (InvalidPathException e) {
                err.println("betterbot: cannot read " + args.get(i) + ": not a valid path");
                return ExitCode.FAILURE;
            }
        }
        if (files.isEmpty()) {
            return usage(err, "backtest needs at least one FILE");
        }
        if (keep != null && Files.exists(keep)) {
            return usage(err, "--db " + keep + " exists: a backtest starts from an empty database");
        }
        Config config = Config.fromEnvOrReport(env, err);
        if (config == null) {
            return ExitCode.BAD_CONFIG;
        }
        Logging.configureForCommand(config.logLevel());
        Path temporary = null;
        try {
            if (keep == null) {
                temporary = Files.createTempDirectory("betterbot-backtest");
            }
            Path db = keep != null ? keep : temporary.resolve("backtest.db");
            return backtest(config, files, db, json, out, err);
        } catch (IOException e) {
            err.println("betterbot: cannot create a temporary database: " + e.getMessage());
            return ExitCode.FAILURE;
        } finally {
            if (temporary != null) {
                delete(temporary);
            }
        }
    }

    private static ExitCode backtest(Config config, List<Path> files, Path db, boolean json, PrintStream out,
                                     PrintStream err) {
        List<Horizon> horizons = config.grading().horizons();
        SignalStore store;
        try {
            store = SignalStore.open(new StoreConfig(db, config.maxSignals(), Clock.systemUTC())
                    .withGradeHorizons(horizons));
        } catch (StoreOpenException e) {
            err.println("betterbot: " + e.getMessage());
            return ExitCode.STORE_UNUSABLE;
        }
        try (store) {
            Grading[] grading = new Grading[1];
            // the grader and the pipeline run on the replay's clock: each line's capture time
            Replay replay = new Replay(clock -> {
                grading[0] = Grading.start(store.gradeBook(), config.grading(), clock);
                return grading[0].observing(Pipeline.create(config.detection(), config.risk(),
                        grading[0].winProbabilities(), clock, store.detectionState(stored -> {
                        })));
            }, (markets, at) -> grading[0].observeMarkets(markets, at));
            ReplaySummary summary;
            try {
                summary = replay.run(files);
            } catch (NoSuchFileException e) {
                err.println("betterbot: cannot read " + e.getFile() + ": "
                        + (e.getReason() != null ? e.getReason() : "no such file"));
                return ExitCode.FAILURE;
            } catch (IOException e) {
                err.println("betterbot: cannot read " + e.getMessage());
                return ExitCode.FAILURE;
            }
            PrintStream report = json ? err : out; // with --json, stdout holds only the reports
            Main.printSummary(summary, store.count(), db, report);
            report.println(graded(grading[0].stats(), horizons));
            List<Horizon> all = new ArrayList<>();
            all.add(Horizon.SETTLEMENT);
            all.addAll(horizons);
            for (Horizon h : all) {
                PerformanceCommand.print(store.gradeRecord(), h, OutcomeFilter.ALL, json, out, Clock.systemUTC());
            }
            return ExitCode.OK;
        }
    }

    /** One line: the grades made per horizon, what is still pending, what went wrong. */
    static String graded(GradingStats s, List<Horizon> horizons) {
        StringBuilder b = new StringBuilder("  grades made:");
        long total = 0;
        List<Horizon> all = new ArrayList<>(horizons);
        all.add(Horizon.SETTLEMENT);
        for (Horizon h : all) {
            long n = s.gradesByHorizon().getOrDefault(h.wireName(), 0L);
            total += n;
            b.append(' ').append(h.wireName()).append(' ').append(n).append(',');
        }
        b.setLength(b.length() - 1);
        return b + String.format(java.util.Locale.ROOT, " (%d in all); %d signals with a grade still pending,"
                + " %d observations kept, %d failures", total, s.indexedEntries(), s.observationsKept(), s.failures());
    }

    private static ExitCode usage(PrintStream err, String problem) {
        err.println("betterbot: " + problem);
        err.println(USAGE);
        return ExitCode.USAGE;
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless; say where it is
            System.err.println("betterbot: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
