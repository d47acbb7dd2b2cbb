package betterbot.app;

import betterbot.app.Setting.InvalidValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads settings from the environment, collecting every problem instead of stopping at the first, so that one
 * run names every invalid variable.
 */
final class SettingsReader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();
    private final Map<Setting<?>, Object> values = new HashMap<>();

    /** Reads {@code settings} from {@code env} now, in their order. */
    SettingsReader(Map<String, String> env, List<Setting<?>> settings) {
        this.env = env;
        settings.forEach(this::read);
    }

    /** The value read, or the default when unset or invalid (an invalid one is a problem already). */
    @SuppressWarnings("unchecked")
    <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException(setting.name() + " was not read");
        }
        return (T) values.get(setting);
    }

    /** A problem no single variable shows: a rule across variables. */
    void problem(String problem) {
        problems.add(problem);
    }

    void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private <T> void read(Setting<T> setting) {
        String v = raw(setting.name());
        T value = setting.defaultValue();
        if (v != null) {
            try {
                value = setting.parser().parse(v, setting.secret() ? "a value (hidden)" : "'" + v + "'");
            } catch (InvalidValue e) {
                problems.add(setting.name() + " " + e.getMessage());
            }
        }
        values.put(setting, value);
    }

    /**
     * The value, or null when unset. An empty value ({@code NAME=}) is unset: that is how an environment file or
     * a unit clears a setting. A value of nothing but spaces is a mistake, not a clear, and is refused; surrounding
     * spaces are dropped.
     */
    private String raw(String name) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.isBlank()) {
            problems.add(name + " is blank; leave it empty (" + name + "=) or unset for the default");
            return null;
        }
        return v.strip();
    }
}
