package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.app.Launcher.Output;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/install.sh} into a staging root (DESTDIR), with the image this build linked. */
class InstallIT {
    static final Path INSTALL = DeploymentFilesTest.SCRIPTS.resolve("install.sh").toAbsolutePath();

    @TempDir
    Path dir;

    Path destdir() {
        return dir.resolve("root");
    }

    Output install(Path image, String... args) throws Exception {
        List<String> command = Stream.concat(Stream.of(INSTALL.toString()), Stream.of(args)).toList();
        return Launcher.run(dir, Map.of("DESTDIR", destdir().toString(), "BETTERBOT_IMAGE", image.toString()), command);
    }

    Output install(String... args) throws Exception {
        return install(ImageIT.IMAGE.toAbsolutePath(), args);
    }

    /** Every path under the staging root with its type, mode, size or link target. */
    Map<String, String> tree() throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(destdir())) {
            for (Path p : paths.toList()) {
                String what;
                if (Files.isSymbolicLink(p)) {
                    what = "-> " + Files.readSymbolicLink(p);
                } else {
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                    what = Files.isDirectory(p) ? "dir " + mode : mode + " " + Files.size(p);
                }
                tree.put(destdir().relativize(p).toString(), what);
            }
        }
        return tree;
    }

    Output installedCommand(String prefix, String... args) throws Exception {
        Path wrapper = destdir().resolve(prefix.substring(1)).resolve("bin/betterbot");
        return Launcher.run(dir, Map.of(
                        "BETTERBOT_UNIT_FILE", destdir().resolve("etc/systemd/system/betterbot.service").toString(),
                        "BETTERBOT_ENV_FILE", destdir().resolve("etc/betterbot/env").toString()),
                Stream.concat(Stream.of(wrapper.toString()), Stream.of(args)).toList());
    }

    @Test
    void installingTwiceChangesNothingAndKeepsTheSettings() throws Exception {
        Output first = install();
        assertEquals(0, first.status(), first.all());
        Path env = destdir().resolve("etc/betterbot/env");
        assertEquals(Files.readString(DeploymentFilesTest.ENV_EXAMPLE), Files.readString(env));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(env)), "it holds secrets");
        Path image = destdir().resolve("opt/betterbot/image");
        assertTrue(Files.isSymbolicLink(image));
        assertTrue(Files.isExecutable(image.resolve("bin/betterbot")));
        String unit = Files.readString(destdir().resolve("etc/systemd/system/betterbot.service"));
        assertEquals(Files.readString(DeploymentFilesTest.UNIT), unit, "the default prefix needs no rewriting");

        Map<String, String> before = tree();
        Output second = install();
        assertEquals(0, second.status(), second.all());
        assertTrue(second.out().contains("nothing changed"), second.out());
        assertEquals(before, tree());

        // The operator's settings survive a reinstall, and the installed command reads them as systemd would.
        Files.writeString(env, "PORT=9123\nAPI_TOKEN=\"tok-kept-secret-0123456789\"\n", StandardCharsets.UTF_8);
        assertEquals(0, install().status());
        assertEquals("PORT=9123\nAPI_TOKEN=\"tok-kept-secret-0123456789\"\n", Files.readString(env));
        Output check = installedCommand("/opt/betterbot", "check-config");
        assertEquals(0, check.status(), check.all());
        assertTrue(check.out().lines().anyMatch(l -> l.matches("\\s+PORT\\s+9123")), check.out());
        assertTrue(check.out().lines().anyMatch(l -> l.matches("\\s+DB_PATH\\s+/var/lib/betterbot/betterbot_signals.db")),
                "the unit's DB_PATH: " + check.out());
        assertTrue(check.out().lines().anyMatch(l -> l.matches("\\s+BETTERBOT_JAVA_OPTS\\s+-Xmx48m -XX:TieredStopAtLevel=1\\s+.*")), check.out());
        assertTrue(check.out().lines().anyMatch(l -> l.matches("\\s+API_TOKEN\\s+set \\(hidden\\)")), check.out());
        assertFalse(check.all().contains("tok-kept-secret-0123456789"));
    }

    @Test
    void anUpgradeSwitchesTheImageAndKeepsThePreviousForRollback() throws Exception {
        assertEquals(0, install().status());
        Path releases = destdir().resolve("opt/betterbot/releases");
        Path first = destdir().resolve("opt/betterbot").resolve(Files.readSymbolicLink(destdir().resolve("opt/betterbot/image")));

        Path newer = dir.resolve("newer-image");
        Output copy = Launcher.run(dir, Map.of(), List.of("cp", "-R", ImageIT.IMAGE.toAbsolutePath().toString(),
                newer.toString()));
        assertEquals(0, copy.status(), copy.all());
        Files.writeString(newer.resolve("release"), "BUILD=\"next\"\n", java.nio.file.StandardOpenOption.APPEND);
        Output upgrade = install(newer);
        assertEquals(0, upgrade.status(), upgrade.all());
        Path current = destdir().resolve("opt/betterbot").resolve(Files.readSymbolicLink(destdir().resolve("opt/betterbot/image")));
        assertFalse(current.equals(first), "the link moved to the new release");
        try (Stream<Path> kept = Files.list(releases)) {
            assertEquals(2, kept.count(), "the previous release stays for a rollback");
        }
        assertTrue(Files.isDirectory(first));
        Output version = installedCommand("/opt/betterbot", "version");
        assertEquals(0, version.status(), version.all());
        assertTrue(version.out().startsWith("betterbot "), version.out());
    }

    @Test
    void anotherPrefixIsWrittenIntoTheUnit() throws Exception {
        Output r = install("--prefix", "/srv/bb");
        assertEquals(0, r.status(), r.all());
        String unit = Files.readString(destdir().resolve("etc/systemd/system/betterbot.service"));
        assertTrue(unit.contains("\nExecStart=/srv/bb/image/bin/betterbot serve\n"), unit);
        assertFalse(unit.contains("/opt/betterbot/"), unit);
        assertTrue(Files.isExecutable(destdir().resolve("srv/bb/image/bin/betterbot")));
        assertEquals(0, installedCommand("/srv/bb", "check-config").status());
    }

    @Test
    void invalidSettingsFailTheInstallNamingTheFile() throws Exception {
        Path env = Files.createDirectories(destdir().resolve("etc/betterbot")).resolve("env");
        Files.writeString(env, "MAX_SIGNALS=plenty\n");
        Output r = install();
        assertEquals(1, r.status(), r.all());
        assertTrue(r.err().contains("MAX_SIGNALS must be"), r.err());
        assertTrue(r.err().contains(env + " is invalid"), r.err());
    }

    @Test
    void uninstallRemovesTheProgramButKeepsSettingsAndDataUnlessPurged() throws Exception {
        assertEquals(0, install().status());
        Path data = Files.createDirectories(destdir().resolve("var/lib/private/betterbot"));
        Files.writeString(data.resolve("betterbot_signals.db"), "data");
        Files.createSymbolicLink(destdir().resolve("var/lib/betterbot"), Path.of("private/betterbot"));

        Output uninstall = install("--uninstall");
        assertEquals(0, uninstall.status(), uninstall.all());
        assertFalse(Files.exists(destdir().resolve("opt/betterbot"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(destdir().resolve("etc/systemd/system/betterbot.service")));
        assertTrue(Files.exists(destdir().resolve("etc/betterbot/env")));
        assertTrue(Files.exists(data.resolve("betterbot_signals.db")));
        assertEquals(0, install("--uninstall").status(), "uninstalling again is harmless");

        Output purge = install("--uninstall", "--purge");
        assertEquals(0, purge.status(), purge.all());
        assertFalse(Files.exists(destdir().resolve("etc/betterbot")));
        assertFalse(Files.exists(data));
        assertFalse(Files.exists(destdir().resolve("var/lib/betterbot"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void dangerousOrWrongArgumentsAreRefused() throws Exception {
        assertEquals(1, install("--prefix", "/usr").status());
        assertEquals(1, install("--prefix", "relative/dir").status());
        assertEquals(1, install("--purge").status());
        assertEquals(2, install("--frobnicate").status());
        assertFalse(Files.exists(destdir()), "nothing was written");
    }
}
