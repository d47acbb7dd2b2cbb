package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table of settings is whole: what it declares, it lists, once, grouped. */
class SettingsTest {
    @Test
    void everyDeclaredSettingIsListedOnceByUniqueName() throws IllegalAccessException {
        List<Setting<?>> declared = new ArrayList<>();
        for (Field f : Settings.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == Setting.class) {
                declared.add((Setting<?>) f.get(null));
            }
        }
        assertEquals(new HashSet<>(declared), new HashSet<>(Settings.ALL), "Settings.ALL lists every setting");
        assertEquals(Settings.ALL.size(), Settings.ALL.stream().map(Setting::name).distinct().count(), "unique names");
    }

    @Test
    void eachGroupIsListedInOneRunInTheGroupsOrder() {
        List<Group> runs = new ArrayList<>();
        for (Setting<?> s : Settings.ALL) {
            if (runs.isEmpty() || runs.getLast() != s.group()) {
                runs.add(s.group());
            }
        }
        assertEquals(List.of(Group.values()), runs, "one section per group in the reference and the env example");
    }

    @Test
    void theSecretsAreTheKeysTheTokensAndTheDiscordUrl() {
        assertEquals(List.of("HASHDIVE_API_KEY", "DOME_API_KEY", "API_TOKEN", "WEBHOOK_SECRET", "TELEGRAM_BOT_TOKEN",
                "DISCORD_WEBHOOK_URL"), Config.SECRET_VARIABLES);
        assertTrue(Settings.ALL.stream().filter(Setting::secret).allMatch(s -> s.defaultValue() == null),
                "a secret has no default to show");
    }
}
