package betterbot.app;

/** One log line per event: time, level, logger, message (slf4j-simple, configured before its first use). */
final class Logging {
    private Logging() {
    }

    static void configure(String level, boolean accessLog) {
        set("org.slf4j.simpleLogger.defaultLogLevel", level);
        if (accessLog) {
            set("org.slf4j.simpleLogger.log.access", "info"); // asked for explicitly: shown whatever LOG_LEVEL says
        }
        set("org.slf4j.simpleLogger.showDateTime", "true");
        set("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        set("org.slf4j.simpleLogger.showThreadName", "false");
        set("org.slf4j.simpleLogger.showShortLogName", "true");
        set("org.slf4j.simpleLogger.levelInBrackets", "false");
        set("org.slf4j.simpleLogger.logFile", "System.out");
    }

    private static void set(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
