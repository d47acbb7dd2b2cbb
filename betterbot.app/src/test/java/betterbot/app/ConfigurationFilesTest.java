package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The environment example, docs/configuration.md and check-config agree with the table of {@link Settings}:
 * every variable is in each, with its default, and none is there that the table does not know.
 */
class ConfigurationFilesTest {
    static final Path REFERENCE = DeploymentFilesTest.SCRIPTS.resolve("../docs/configuration.md").normalize();
    static final String REGENERATE = "regenerate it: mvn -pl betterbot.app -am test -Dtest=ConfigurationFilesTest"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dbetterbot.regenerate=true";
    /** A row of a reference table: the variable and its default. */
    static final Pattern ROW = Pattern.compile("^\\| `([A-Z][A-Z0-9_]*)` \\| ([^|]*) \\|.*$");

    static boolean regenerating() {
        return Boolean.getBoolean("betterbot.regenerate");
    }

    @Test
    void theEnvironmentExampleIsGeneratedFromTheTable() throws IOException {
        String expected = ConfigurationFiles.envExample(DeploymentFilesTest.unitEnvironment());
        if (regenerating()) {
            Files.writeString(DeploymentFilesTest.ENV_EXAMPLE, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(DeploymentFilesTest.ENV_EXAMPLE, StandardCharsets.UTF_8),
                DeploymentFilesTest.ENV_EXAMPLE + " is out of date; " + REGENERATE);
    }

    @Test
    void theReferenceTablesAreGeneratedFromTheTable() throws IOException {
        String document = Files.readString(REFERENCE, StandardCharsets.UTF_8);
        String expected = ConfigurationFiles.withTables(document, ConfigurationFiles.referenceTables());
        if (regenerating()) {
            Files.writeString(REFERENCE, expected, StandardCharsets.UTF_8);
            document = expected;
        }
        assertEquals(expected, document, REFERENCE + " is out of date; " + REGENERATE);
    }

    @Test
    void theEnvironmentExampleShowsEverySettingWithItsDefaultAndNoOther() throws IOException {
        Map<String, String> unit = DeploymentFilesTest.unitEnvironment();
        Map<String, String> documented = DeploymentFilesTest.documentedVariables();
        assertEquals(names(), List.copyOf(documented.keySet()), "the variables of " + DeploymentFilesTest.ENV_EXAMPLE);
        for (Setting<?> s : Settings.ALL) {
            assertEquals(unit.getOrDefault(s.name(), s.documentedDefault()), documented.get(s.name()), s.name());
        }
    }

    @Test
    void theReferenceShowsEverySettingWithItsDefaultAndNoOther() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REFERENCE, StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1), m.group(2).strip());
            }
        }
        assertEquals(names(), List.copyOf(rows.keySet()), "the variables of " + REFERENCE);
        for (Setting<?> s : Settings.ALL) {
            String shown = s.documentedDefault().isEmpty() ? "none" : "`" + s.documentedDefault() + "`";
            assertEquals(shown, rows.get(s.name()), s.name() + " in " + REFERENCE);
        }
    }

    @Test
    void checkConfigListsEverySettingAndNoOther() {
        CheckConfigCommandTest.Run r = CheckConfigCommandTest.run(Map.of(), "check-config");
        assertEquals(ExitCode.OK, r.code(), r.err());
        List<String> listed = r.out().lines().skip(1).map(l -> l.strip().split("\\s+")[0]).toList();
        assertEquals(names(), listed, r.out());
        for (Setting<?> s : Settings.SERVICE_READS) {
            String line = r.out().lines().filter(l -> l.strip().startsWith(s.name() + " ")).findFirst().orElseThrow();
            String value = line.strip().substring(s.name().length()).strip();
            String shown = s.shownDefault();
            assertEquals(shown + (shown.equals(Config.SECRET_UNSET) ? "" : "  (default)"), value, s.name());
        }
    }

    private static List<String> names() {
        return Settings.ALL.stream().map(Setting::name).toList();
    }
}
