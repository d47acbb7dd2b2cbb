package betterbot.app;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts a test's {@code main} class in a child JVM on this test run's class and module path. */
final class ChildJvm {
    private ChildJvm() {
    }

    static Process start(Class<?> main, Map<String, String> env, Path log, Path out) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> path = new ArrayList<>();
        path.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                path.add(value);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "--enable-native-access=ALL-UNNAMED",
                "-cp", String.join(File.pathSeparator, path), main.getName());
        pb.environment().putAll(env);
        return pb.redirectError(log.toFile()).redirectOutput(out.toFile()).start();
    }
}
