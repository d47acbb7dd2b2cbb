package betterbot.app;

import java.io.PrintStream;
import java.util.List;

/** The configuration is invalid; every problem names its variable. */
final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    ConfigException(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }

    /** The report serve and check-config give: one line per invalid variable. */
    void printTo(PrintStream err) {
        err.println("betterbot: invalid configuration:");
        problems.forEach(p -> err.println("  " + p));
    }
}
