package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.app.CheckConfigCommandTest.Run;
import betterbot.signals.delivery.DeliveryFilter;
import betterbot.signals.delivery.Destination;
import betterbot.signals.delivery.DestinationKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push destinations from the plain variables and DESTINATIONS_FILE: checked at start, secrets never shown. */
class DestinationsConfigTest {
    static final String TOKEN = "123456789:AAHsecretTelegramToken";
    static final String DISCORD = "https://discord.com/api/webhooks/1234/discordSecretToken";
    static final String HOOK_SECRET = "whsec-0123456789abcdef";

    @TempDir
    Path dir;

    static String problems(Map<String, String> env) {
        return String.join("\n", assertThrows(ConfigException.class, () -> Config.fromEnv(env)).problems());
    }

    @Test
    void thePlainVariablesMakeOneDestinationEachWithItsFilter() {
        Config c = Config.fromEnv(Map.of("WEBHOOK_URL", "https://bot.example.com/hook", "WEBHOOK_SECRET", HOOK_SECRET,
                "WEBHOOK_TYPES", "whale_trade, price_deviation", "TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_CHAT_ID",
                "-1001234567890", "TELEGRAM_MIN_CONFIDENCE", "0.8", "DISCORD_WEBHOOK_URL", DISCORD));
        List<Destination> d = c.destinations();
        assertEquals(List.of("webhook", "telegram", "discord"), d.stream().map(Destination::name).toList());
        assertEquals(Set.of("whale_trade", "price_deviation"), d.get(0).filter().types());
        assertEquals(0.8, d.get(1).filter().minConfidence());
        assertEquals("https://api.telegram.org", d.get(1).url().toString());
        assertEquals(DestinationKind.DISCORD, d.get(2).kind());
        assertEquals(DeliveryFilter.ALL, d.get(2).filter());
        assertEquals(List.of(), Config.fromEnv(Map.of()).destinations(), "none by default");
    }

    @Test
    void halfAConfiguredDestinationIsRefusedNamingTheMissingVariable() {
        assertTrue(problems(Map.of("WEBHOOK_URL", "https://bot.example.com/hook")).contains("WEBHOOK_SECRET must be"
                + " set with WEBHOOK_URL"));
        assertTrue(problems(Map.of("TELEGRAM_BOT_TOKEN", TOKEN)).contains("TELEGRAM_CHAT_ID must be set with"
                + " TELEGRAM_BOT_TOKEN"));
        assertTrue(problems(Map.of("TELEGRAM_CHAT_ID", "-100")).contains("TELEGRAM_BOT_TOKEN must be set"));
        String p = problems(Map.of("WEBHOOK_URL", "ftp://x", "WEBHOOK_SECRET", "short", "TELEGRAM_CHAT_ID", "chat",
                "DISCORD_WEBHOOK_URL", "discord.com/api/webhooks/1234/discordSecretToken", "WEBHOOK_TYPES", "whales"));
        for (String name : List.of("WEBHOOK_URL", "WEBHOOK_SECRET", "TELEGRAM_CHAT_ID", "DISCORD_WEBHOOK_URL",
                "WEBHOOK_TYPES")) {
            assertTrue(p.contains(name), name + " named in:\n" + p);
        }
        assertFalse(p.contains("discordSecretToken"), "a refused Discord URL is still a secret:\n" + p);
        assertFalse(p.contains("short"), "a refused webhook secret is still a secret:\n" + p);
    }

    @Test
    void aDestinationsFileDescribesAnyNumberOfNamedDestinations() throws Exception {
        Path file = dir.resolve("destinations.json");
        Files.writeString(file, """
                {"destinations": [
                  {"name": "desk-bot", "kind": "webhook", "url": "http://10.0.0.5:9000/in", "secret": "%s",
                   "types": ["whale_trade"], "sources": ["polymarket"], "min_confidence": 0.7,
                   "markets": ["will-it-rain"], "per_second": 5},
                  {"name": "alerts", "kind": "telegram", "bot_token": "%s", "chat_id": "@betterbot_alerts"},
                  {"name": "ops", "kind": "discord", "url": "%s"}
                ]}""".formatted(HOOK_SECRET, TOKEN, DISCORD));
        Config c = Config.fromEnv(Map.of("DESTINATIONS_FILE", file.toString(), "DISCORD_WEBHOOK_URL", DISCORD));
        List<Destination> d = c.destinations();
        assertEquals(List.of("discord", "desk-bot", "alerts", "ops"), d.stream().map(Destination::name).toList());
        assertEquals(new DeliveryFilter(Set.of("whale_trade"), Set.of("polymarket"), 0.7, Set.of("will-it-rain")),
                d.get(1).filter());
        assertEquals(5.0, d.get(1).perSecond());
        assertEquals("@betterbot_alerts", d.get(2).chatId());
        assertEquals(null, DestinationsReading.insecure(d.get(1)), "http to a private network is fine");
        assertTrue(DestinationsReading.insecure(new Destination("x", DestinationKind.WEBHOOK,
                java.net.URI.create("http://8.8.8.8/hook"), HOOK_SECRET, null, DeliveryFilter.ALL, null))
                .contains("use https"));
    }

    @Test
    void aBadDestinationsFileNamesTheVariableTheDestinationAndTheField() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, """
                [{"name": "a", "kind": "webhook", "url": "https://x.example/h", "secret": "%s", "min_confidence": 2},
                 {"name": "b", "kind": "pager"},
                 {"name": "c", "kind": "telegram", "bot_token": "%s"},
                 {"name": "d", "kind": "discord", "url": "not a url discordSecretToken", "colour": 1},
                 {"name": "a", "kind": "discord", "url": "%s", "types": ["whales"]}]""".formatted(HOOK_SECRET, TOKEN,
                DISCORD));
        String p = problems(Map.of("DESTINATIONS_FILE", file.toString()));
        assertTrue(p.contains("DESTINATIONS_FILE destination 'a': min_confidence must be from 0 to 1"), p);
        assertTrue(p.contains("DESTINATIONS_FILE destination 'b': kind must be webhook, telegram or discord"), p);
        assertTrue(p.contains("DESTINATIONS_FILE destination 'c': chat_id is required"), p);
        assertTrue(p.contains("DESTINATIONS_FILE destination 'd': unknown field 'colour'"), p);
        assertTrue(p.contains("DESTINATIONS_FILE destination 'd': url must be an http or https URL"), p);
        assertTrue(p.contains("types: unknown signal type 'whales'"), p);
        assertFalse(p.contains("discordSecretToken") || p.contains(TOKEN) || p.contains(HOOK_SECRET), p);

        Files.writeString(file, "{\"destinations\": [");
        assertTrue(problems(Map.of("DESTINATIONS_FILE", file.toString())).contains("DESTINATIONS_FILE cannot be read"
                + " as JSON"));
        Files.writeString(file, "[{\"name\": \"a\", \"kind\": \"discord\", \"url\": \"" + DISCORD + "\"},"
                + " {\"name\": \"a\", \"kind\": \"discord\", \"url\": \"" + DISCORD + "\"}]");
        assertTrue(problems(Map.of("DESTINATIONS_FILE", file.toString())).contains("'a' is used twice"));
    }

    @Test
    void checkConfigAndTheCommandsNeverShowATokenOrADiscordUrl() throws Exception {
        Map<String, String> env = Map.of("TELEGRAM_BOT_TOKEN", TOKEN, "TELEGRAM_CHAT_ID", "-100123",
                "TELEGRAM_API_URL", "http://127.0.0.1:9", "DISCORD_WEBHOOK_URL", DISCORD);
        Run check = CheckConfigCommandTest.run(env, "check-config");
        assertEquals(ExitCode.OK, check.code(), check.err());
        assertTrue(check.out().lines().anyMatch(l -> l.matches("\\s+TELEGRAM_BOT_TOKEN\\s+set \\(hidden\\)")));
        assertTrue(check.out().lines().anyMatch(l -> l.matches("\\s+DISCORD_WEBHOOK_URL\\s+set \\(hidden\\)")));
        Run list = CheckConfigCommandTest.run(env, "deliveries", "list");
        assertEquals(ExitCode.OK, list.code(), list.err());
        assertTrue(list.out().contains("telegram  telegram  http://127.0.0.1:9"), list.out());
        assertTrue(list.out().contains("discord  discord  https://discord.com/api/webhooks/1234/***"), list.out());
        Run test = CheckConfigCommandTest.run(env, "deliveries", "test", "telegram"); // nothing listens on port 9
        assertEquals(ExitCode.FAILURE, test.code());
        assertTrue(test.err().contains("the test message to Destination[telegram"), test.err());
        for (Run r : List.of(check, list, test)) {
            assertFalse((r.out() + r.err()).contains("secretTelegramToken"), r.out() + r.err());
            assertFalse((r.out() + r.err()).contains("discordSecretToken"), r.out() + r.err());
        }
        Run unknown = CheckConfigCommandTest.run(env, "deliveries", "test", "pager");
        assertEquals(ExitCode.USAGE, unknown.code());
        assertTrue(unknown.err().contains("no destination named 'pager'; configured: telegram, discord"),
                unknown.err());
        assertEquals(ExitCode.USAGE, CheckConfigCommandTest.run(env, "deliveries").code());
    }
}
