package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.app.Launcher.Output;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys, tokens and the delivery secrets never reach a log line or any output: the service at the most verbose
 * log level, with push destinations configured, the access log asked for and the secrets sent in requests, and
 * every command (test messages that fail included), valid configuration or not.
 */
class SecretsIT {
    @TempDir
    Path dir;

    @Test
    void noSecretValueAppearsInAnyOutput() throws Exception {
        Map<String, String> secrets = new HashMap<>();
        for (String name : Config.SECRET_VARIABLES) {
            secrets.put(name, name.toLowerCase().replace('_', '-') + "-" + UUID.randomUUID());
        }
        // the Discord webhook's secret is its whole URL; nothing listens on port 9, so test messages fail
        secrets.put("DISCORD_WEBHOOK_URL", "http://127.0.0.1:9/api/webhooks/1/" + UUID.randomUUID());
        Path db = dir.resolve("secrets.db");
        SignalStore.open(new StoreConfig(db)).close();
        Map<String, String> env = new HashMap<>(secrets);
        env.putAll(Map.of("DB_PATH", db.toString(), "LOG_LEVEL", "trace", "ACCESS_LOG", "true",
                "BETTERBOT_JAVA_OPTS", "-Xmx64m", "WEBHOOK_URL", "http://127.0.0.1:9/hook", "TELEGRAM_CHAT_ID",
                "-1001234567890", "TELEGRAM_API_URL", "http://127.0.0.1:9"));
        List<String> outputs = new ArrayList<>();

        Launcher.Service service = Launcher.serve(dir, env);
        try {
            String token = secrets.get("API_TOKEN");
            for (String path : List.of("/health", "/api/signals?limit=5", "/api/stats/database", "/no/such/path",
                    "/api/signals?limit=5&api_key=" + secrets.get("HASHDIVE_API_KEY"), "/api/signals?limit=-1")) {
                Launcher.get(service.port(), path, "Authorization", "Bearer " + token, "X-Api-Key",
                        secrets.get("DOME_API_KEY"));
            }
        } finally {
            assertEquals(143, service.stop());
        }
        outputs.add(service.logText());

        Output check = Launcher.betterbot(dir, env, "check-config");
        assertEquals(0, check.status(), check.all());
        for (String name : Config.SECRET_VARIABLES) {
            assertTrue(check.out().lines().anyMatch(l -> l.matches("\\s+" + name + "\\s+set \\(hidden\\)")),
                    "check-config saw " + name + " and hid it:\n" + check.out());
        }
        outputs.add(check.all());
        outputs.add(Launcher.betterbot(dir, env, "db", "stats").all());
        outputs.add(Launcher.betterbot(dir, env, "db", "export").all());
        outputs.add(Launcher.betterbot(dir, env, "db", "backup", dir.resolve("b.db").toString()).all());
        outputs.add(Launcher.betterbot(dir, env, "db", "backup", dir.resolve("b.db").toString()).all()); // refused
        outputs.add(Launcher.betterbot(dir, env, "version").all());
        outputs.add(Launcher.betterbot(dir, env, "deliveries", "list").all());
        for (String destination : List.of("webhook", "telegram", "discord")) {
            Output test = Launcher.betterbot(dir, env, "deliveries", "test", destination);
            assertEquals(ExitCode.FAILURE.code, test.status(), test.all());
            outputs.add(test.all());
        }
        Map<String, String> invalid = new HashMap<>(env);
        invalid.put("PORT", "not-a-port");
        Output refused = Launcher.betterbot(dir, invalid, "serve");
        assertEquals(ExitCode.BAD_CONFIG.code, refused.status(), refused.all());
        outputs.add(refused.all());
        outputs.add(Launcher.betterbot(dir, invalid, "check-config").all());

        for (String output : outputs) {
            for (var secret : secrets.entrySet()) {
                assertFalse(output.contains(secret.getValue()), secret.getKey() + "'s value leaked:\n" + output);
            }
        }
        assertTrue(outputs.get(0).contains("TRACE") || outputs.get(0).contains("DEBUG"),
                "the service really logged at its most verbose");
    }
}
