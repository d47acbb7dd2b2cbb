package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckConfigCommandTest {
    record Run(ExitCode code, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode code = Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aValidConfigurationIsPrintedVariableByVariableWithSecretsHidden() {
        Map<String, String> env = Map.of("PORT", "9001", "LOG_LEVEL", "DEBUG", "API_TOKEN", "tok-0a1b2c3d4e5f6a7b8c",
                "DOME_API_KEY", "dome-9f8e7d6c");
        Run r = run(env, "check-config");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals("", r.err());
        for (String name : Config.variables()) {
            assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(name + " ")), name + " listed:\n" + r.out());
        }
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+PORT\\s+9001")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+LOG_LEVEL\\s+debug")), "the effective value");
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+MAX_SIGNALS\\s+10000\\s+\\(default\\)")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+API_TOKEN\\s+set \\(hidden\\)")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+DOME_API_KEY\\s+set \\(hidden\\)")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+HASHDIVE_API_KEY\\s+unset")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+BETTERBOT_JAVA_OPTS\\s+-Xmx256m\\s+\\(max heap \\d+ MiB\\)"
                + "\\s+\\(default\\)")), r.out());
        assertFalse(r.out().contains("tok-0a1b2c3d4e") || r.out().contains("dome-9f8e7d6c"), r.out());
    }

    @Test
    void everyInvalidVariableIsNamedWithExitStatus3() {
        Run r = run(Map.of("PORT", "http", "MAX_SIGNALS", "0", "LOG_LEVEL", "loud", "BIND_ADDRESS", "127.0.0.1"),
                "check-config");
        assertEquals(ExitCode.BAD_CONFIG, r.code());
        assertEquals("", r.out(), "nothing printed as if it were valid");
        assertTrue(r.err().contains("PORT must be an integer from 0 to 65535, got 'http'"), r.err());
        assertTrue(r.err().contains("MAX_SIGNALS must be an integer"), r.err());
        assertTrue(r.err().contains("LOG_LEVEL must be one of"), r.err());
        assertFalse(r.err().contains("BIND_ADDRESS"), "a valid variable is not blamed");
    }

    @Test
    void serveRefusesExactlyWhatCheckConfigRefuses() {
        Map<String, String> env = Map.of("PORT", "99999", "BIND_ADDRESS", "999.1.1.1");
        Run check = run(env, "check-config");
        Run serve = run(env, "serve");
        assertEquals(ExitCode.BAD_CONFIG, check.code());
        assertEquals(check.code(), serve.code());
        assertEquals(check.err(), serve.err());
    }
}
