package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd unit and the environment example: consistent with the code, and accepted by systemd itself. */
class DeploymentFilesTest {
    static final Path SCRIPTS = Path.of(System.getProperty("betterbot.scripts", "../scripts"));
    static final Path UNIT = SCRIPTS.resolve("betterbot.service");
    static final Path ENV_EXAMPLE = SCRIPTS.resolve("betterbot.env.example");
    /** A line of the example: a variable with its documented value, commented out or not. */
    static final Pattern ENV_LINE = Pattern.compile("^#?([A-Z][A-Z0-9_]*)=(.*)$");

    @TempDir
    Path dir;

    /** Every value of a directive, in order (a directive may repeat). */
    static List<String> directive(String name) throws IOException {
        List<String> values = new ArrayList<>();
        for (String line : Files.readAllLines(UNIT, StandardCharsets.UTF_8)) {
            if (line.startsWith(name + "=")) {
                values.add(line.substring(name.length() + 1));
            }
        }
        return values;
    }

    static String single(String name) throws IOException {
        List<String> values = directive(name);
        assertEquals(1, values.size(), name + " set once: " + values);
        return values.get(0);
    }

    /** NAME=value of the unit's Environment= lines. */
    static Map<String, String> unitEnvironment() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : directive("Environment")) {
            // Environment="NAME=value with spaces" is quoted as a whole.
            String assignment = line.startsWith("\"") && line.endsWith("\"") ? line.substring(1, line.length() - 1) : line;
            int eq = assignment.indexOf('=');
            env.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        return env;
    }

    static long mebibytes(String size) {
        Matcher m = Pattern.compile("(\\d+)([KMG])").matcher(size);
        assertTrue(m.matches(), size);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "K" -> n / 1024;
            case "M" -> n;
            default -> n * 1024;
        };
    }

    @Test
    void theUnitRunsTheImageWithItsDatabaseInTheStateDirectory() throws IOException {
        assertEquals("exec", single("Type"), "pure Java cannot send sd_notify");
        assertTrue(single("ExecStart").startsWith("/opt/betterbot/image/bin/betterbot"), "install.sh's layout");
        assertEquals("betterbot", single("StateDirectory"));
        assertTrue(unitEnvironment().get("DB_PATH").startsWith("/var/lib/betterbot/"), "the StateDirectory");
        assertEquals("/etc/betterbot/env", single("EnvironmentFile"));
        assertEquals("on-failure", single("Restart"));
        assertEquals("143", single("SuccessExitStatus"), "a JVM ends 143 after SIGTERM and its shutdown hook");
    }

    @Test
    void theUnitRestartsAfterAnOutOfMemoryDeathButNotAfterABadConfiguration() throws IOException {
        List<String> prevented = List.of(single("RestartPreventExitStatus").split("\\s+"));
        assertEquals(List.of(Integer.toString(ExitCode.STORE_UNUSABLE.code), Integer.toString(ExitCode.BAD_CONFIG.code)),
                prevented.stream().sorted().toList(), "the statuses a restart cannot fix");
        assertFalse(prevented.contains(Integer.toString(ExitCode.JVM_OUT_OF_MEMORY)),
                "-XX:+ExitOnOutOfMemoryError exits 3, which must be restarted");
        for (ExitCode code : ExitCode.values()) {
            for (int jvm : new int[] {1, ExitCode.JVM_OUT_OF_MEMORY, 130, 134, 137, 143}) {
                assertTrue(code.code != jvm, code + " collides with the JVM's own exit status " + jvm);
            }
        }
    }

    @Test
    void theStopTimeoutLeavesRoomForTheShutdownBudget() throws IOException {
        long timeoutSeconds = Long.parseLong(single("TimeoutStopSec"));
        assertTrue(timeoutSeconds >= 2 * Shutdown.BUDGET.toSeconds(),
                "TimeoutStopSec=" + timeoutSeconds + " against a budget of " + Shutdown.BUDGET);
    }

    @Test
    void memoryMaxLeavesRoomAboveTheHeap() throws IOException {
        String opts = unitEnvironment().get("BETTERBOT_JAVA_OPTS");
        assertNotNull(opts, "the unit sets the heap");
        Matcher xmx = Pattern.compile("-Xmx(\\d+[KMG])", Pattern.CASE_INSENSITIVE).matcher(opts);
        assertTrue(xmx.find(), opts);
        long heap = mebibytes(xmx.group(1).toUpperCase());
        long max = mebibytes(single("MemoryMax"));
        // Beyond the heap: metaspace, code cache, thread stacks, GC structures, SQLite's cache (~70 MB measured).
        assertTrue(max >= heap + 100, "MemoryMax " + max + " MiB against a heap of " + heap + " MiB");
    }

    @Test
    void theUnitIsHardenedButKeepsTheJitWorking() throws IOException {
        Map<String, String> required = Map.ofEntries(Map.entry("DynamicUser", "yes"),
                Map.entry("ProtectSystem", "strict"), Map.entry("ProtectHome", "yes"), Map.entry("PrivateTmp", "yes"),
                Map.entry("PrivateDevices", "yes"), Map.entry("NoNewPrivileges", "yes"),
                Map.entry("ProtectKernelTunables", "yes"), Map.entry("ProtectKernelModules", "yes"),
                Map.entry("ProtectControlGroups", "yes"), Map.entry("RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX"),
                Map.entry("SystemCallFilter", "@system-service"), Map.entry("CapabilityBoundingSet", ""),
                Map.entry("UMask", "0077"));
        required.forEach((name, value) -> {
            try {
                assertTrue(directive(name).contains(value), name + "=" + value);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(List.of(), directive("MemoryDenyWriteExecute"), "it would break the JIT");
    }

    @Test
    void theEnvironmentExampleDocumentsEveryVariable() throws IOException {
        Map<String, String> documented = documentedVariables();
        List<String> expected = new ArrayList<>(Config.variables());
        expected.add(CheckConfigCommand.JAVA_OPTS);
        for (String name : expected) {
            assertTrue(documented.containsKey(name), "add " + name + " to " + ENV_EXAMPLE + " with what it means");
        }
    }

    /** What the example shows for a variable is what the service gets when it is left commented out. */
    @Test
    void theDocumentedValuesAreTheEffectiveDefaultsUnderTheUnit() throws IOException {
        Map<String, String> unitEnv = unitEnvironment();
        Map<String, String> defaults = Config.fromEnv(unitEnv).describe();
        documentedVariables().forEach((name, value) -> {
            if (Config.SECRET_VARIABLES.contains(name)) {
                return;
            }
            if (Config.variables().contains(name)) {
                Config withValue = Config.fromEnv(Map.of(name, value)); // throws if the documented value is invalid
                if (defaults.containsKey(name)) {
                    assertEquals(defaults.get(name), withValue.describe().get(name), name);
                    return;
                }
            }
            // Not described by Config (read by the launcher, or folded into another variable): the unit's value,
            // or empty for unset.
            assertEquals(unitEnv.getOrDefault(name, ""), value, name + " as the unit sets it");
        });
    }

    static Map<String, String> documentedVariables() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ENV_EXAMPLE, StandardCharsets.UTF_8)) {
            Matcher m = ENV_LINE.matcher(line);
            if (m.matches()) {
                documented.put(m.group(1), m.group(2));
            }
        }
        return documented;
    }

    /** systemd's own check of the unit, with ExecStart pointing at an executable that exists here. */
    @Test
    void systemdAnalyzeVerifyAcceptsTheUnitAndRatesItsExposureOk() throws Exception {
        Optional<Path> tool = onPath("systemd-analyze");
        Assumptions.assumeTrue(tool.isPresent(),
                "SKIPPED: systemd-analyze is not installed here (apt-get install systemd); the unit was not verified");
        Path launcher = dir.resolve("image/bin/betterbot");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path unit = dir.resolve("betterbot.service");
        Files.writeString(unit, Files.readString(UNIT).replace("/opt/betterbot/image/bin/betterbot", launcher.toString()));

        Result verify = exec(tool.get().toString(), "verify", unit.toString());
        assertEquals(0, verify.status(), "systemd-analyze verify:\n" + verify.output());
        assertFalse(verify.output().contains(unit.getFileName().toString()), "no warning about the unit:\n"
                + verify.output());

        Result security = exec(tool.get().toString(), "security", "--offline=yes", "--no-pager", unit.toString());
        Matcher exposure = Pattern.compile("Overall exposure level for betterbot.service: (\\d+\\.\\d)").matcher(
                security.output());
        assertTrue(exposure.find(), security.output());
        double level = Double.parseDouble(exposure.group(1));
        // systemd's scale: below 1.0 SAFE, below 5.0 OK, then MEDIUM, EXPOSED, UNSAFE.
        assertTrue(level < 5.0, "exposure " + level + ":\n" + security.output());
    }

    record Result(int status, String output) {
    }

    static Result exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " hung");
        return new Result(p.exitValue(), output);
    }

    static Optional<Path> onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(path.split(File.pathSeparator)).map(d -> Path.of(d, tool)).filter(Files::isExecutable)
                .findFirst();
    }
}
