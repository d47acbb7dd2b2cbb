package betterbot.app;

import betterbot.http.PerformanceReport;
import betterbot.signals.Source;
import betterbot.signals.grading.CalibrationRow;
import betterbot.signals.grading.Entry;
import betterbot.signals.grading.GradeRecord;
import betterbot.signals.grading.Horizon;
import betterbot.signals.grading.Interval;
import betterbot.signals.grading.OutcomeFilter;
import betterbot.signals.grading.Performance;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code betterbot db performance}: the track record of {@code GET /api/performance} from the database file, as
 * that route's JSON ({@code --json}) or a table (see docs/operations.md, The track record).
 */
final class PerformanceCommand {
    private PerformanceCommand() {
    }

    /** {@code [--horizon H] [--type T] [--source S] [--since TIME] [--min-confidence X] [--json]}. */
    static DbCommand.Performance parse(List<String> args, Clock clock) {
        Horizon horizon = Horizon.SETTLEMENT;
        String type = null;
        String source = null;
        Instant since = null;
        Double minConfidence = null;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--json")) {
                json = true;
                continue;
            }
            if (i + 1 == args.size()) {
                throw new IllegalArgumentException(flag.startsWith("--") ? flag + " needs a value"
                        : "performance takes flags only, got '" + flag + "'");
            }
            String value = args.get(++i);
            switch (flag) {
                case "--horizon" -> horizon = Horizon.parse(value);
                case "--type" -> {
                    if (!Entry.GRADED_TYPES.contains(value)) {
                        throw new IllegalArgumentException("--type must be a graded type: "
                                + String.join(", ", Entry.GRADED_TYPES) + "; got '" + value + "'");
                    }
                    type = value;
                }
                case "--source" -> source = Source.fromWire(value).wireName();
                case "--since" -> since = DbCommand.parseSince(value, clock);
                case "--min-confidence" -> {
                    minConfidence = betterbot.signals.PlainNumber.decimal(value, 0, 1);
                    if (minConfidence == null) {
                        throw new IllegalArgumentException("--min-confidence must be a number from 0 to 1, got '"
                                + value + "'");
                    }
                }
                default -> throw new IllegalArgumentException("unknown performance flag " + flag);
            }
        }
        return new DbCommand.Performance(horizon, new OutcomeFilter(type, source, since, minConfidence), json);
    }

    static ExitCode print(GradeRecord grades, Horizon horizon, OutcomeFilter filter, boolean json, PrintStream out,
                          Clock clock) {
        PerformanceReport report = PerformanceReport.of(grades, horizon, filter, clock.instant());
        if (json) {
            out.println(report.toJson());
        } else {
            out.print(table(report));
        }
        return out.checkError() ? ExitCode.FAILURE : ExitCode.OK;
    }

    /** One row per type, then the calibration table of each type with grades. */
    static String table(PerformanceReport r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "track record at %s (hit rate and mean return with 95 %% intervals)%n",
                r.horizon().wireName()));
        b.append(String.format(Locale.ROOT, "  %-21s %6s %5s %-24s %-29s %6s %11s%n", "type", "graded", "hits",
                "hit rate", "mean return", "brier", "p&l usd"));
        for (Performance p : r.byType().values()) {
            b.append(String.format(Locale.ROOT, "  %-21s %6d %5d %-24s %-29s %6s %11s%n", p.signalType(), p.graded(),
                    p.hits(), withInterval(p.hitRate(), p.hitRateInterval(), 3),
                    withInterval(p.meanReturn(), p.meanReturnInterval(), 4), figure(p.brier(), 3),
                    p.totalPnlUsd() == null ? "-" : String.format(Locale.ROOT, "%.2f", p.totalPnlUsd())));
        }
        for (Performance p : r.byType().values()) {
            if (p.graded() == 0) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "  calibration of %s: confidence → graded, observed frequency%n",
                    p.signalType()));
            for (CalibrationRow row : p.calibration()) {
                if (row.graded() > 0) {
                    b.append(String.format(Locale.ROOT, "    %.1f-%.1f  %5d  %s%n", row.confidenceLow(),
                            row.confidenceHigh(), row.graded(), figure(row.observedFrequency(), 3)));
                }
            }
        }
        return b.toString();
    }

    private static String withInterval(Double v, Interval i, int decimals) {
        if (v == null) {
            return "-";
        }
        String f = "%." + decimals + "f";
        return i == null ? String.format(Locale.ROOT, f, v)
                : String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", v, i.low(), i.high());
    }

    private static String figure(Double v, int decimals) {
        return v == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
