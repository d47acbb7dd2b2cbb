package betterbot.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes what the table of {@link Settings} documents: the environment example and the settings part of
 * docs/configuration.md. {@link ConfigurationFilesTest} fails when a file differs, and regenerates it on demand.
 */
final class ConfigurationFiles {
    static final String BEGIN = "<!-- The tables below are generated from Settings.java: do not edit them here. -->";
    static final String END = "<!-- End of the generated tables. -->";
    private static final int WIDTH = 112;

    private static final String ENV_HEADER = """
            # BetterBot settings, read by systemd (EnvironmentFile=/etc/betterbot/env) before it starts the service.
            # One NAME=value per line, no quotes needed, no shell expansion; lines starting with # are comments.
            # Every line below shows a variable with its default; uncomment and change what you need, then check:
            #   sudo /opt/betterbot/bin/betterbot check-config && sudo systemctl restart betterbot
            # Values set here override the unit's Environment= lines. Keep this file root-only (mode 0600): it may hold
            # secrets, and check-config and the logs never print their values.
            # Numbers accept _ as a separator (10_000); booleans are true or false. Every variable, what it accepts
            # and why: docs/configuration.md. This file is generated from the same table.
            """;

    private ConfigurationFiles() {
    }

    /** What a variable means and what it accepts. */
    static String meaning(Setting<?> s) {
        String accepts = s.parser().accepts();
        return s.description() + (accepts.isEmpty() ? "" : " Accepts " + accepts + ".");
    }

    /**
     * The environment example; each variable shows its effective default under the systemd unit, whose
     * {@code Environment=} lines ({@code unitEnvironment}) set some of them.
     */
    static String envExample(Map<String, String> unitEnvironment) {
        StringBuilder out = new StringBuilder(ENV_HEADER);
        Group group = null;
        for (Setting<?> s : Settings.ALL) {
            if (s.group() != group) {
                group = s.group();
                out.append('\n');
                comment(out, "--- " + group.title + ". " + group.intro);
            }
            out.append('\n');
            comment(out, meaning(s));
            out.append('#').append(s.name()).append('=')
                    .append(unitEnvironment.getOrDefault(s.name(), s.documentedDefault())).append('\n');
        }
        return out.toString();
    }

    /** The tables of docs/configuration.md, one per group, between {@link #BEGIN} and {@link #END}. */
    static String referenceTables() {
        StringBuilder out = new StringBuilder(BEGIN).append('\n');
        Group group = null;
        for (Setting<?> s : Settings.ALL) {
            if (s.group() != group) {
                group = s.group();
                out.append("\n## ").append(group.title).append("\n\n").append(group.intro).append("\n\n")
                        .append("| variable | default | meaning |\n|---|---|---|\n");
            }
            String shownDefault = s.documentedDefault().isEmpty() ? "none" : "`" + s.documentedDefault() + "`";
            out.append("| `").append(s.name()).append("` | ").append(shownDefault).append(" | ")
                    .append(meaning(s).replace("|", "\\|")).append(" |\n");
        }
        return out.append('\n').append(END).append('\n').toString();
    }

    /** {@code document} with its generated part replaced by {@code tables}. */
    static String withTables(String document, String tables) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("docs/configuration.md lost its markers " + BEGIN + " and " + END);
        }
        return document.substring(0, begin) + tables + document.substring(end + END.length() + 1);
    }

    private static void comment(StringBuilder out, String text) {
        for (String line : wrap(text, WIDTH - 2)) {
            out.append("# ").append(line).append('\n');
        }
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
