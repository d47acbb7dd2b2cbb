package betterbot.app;

/**
 * One log line per event: time, level, logger, message (slf4j-simple, configured before its first use).
 * The service logs to stdout (the journal keeps both streams); a command such as {@code db export} logs to
 * stderr so that its stdout carries only its output.
 */
final class Logging {
    private Logging() {
    }

    /** For {@code serve}: logs go to stdout; {@code accessLog} shows the access log whatever the level. */
    static void configure(String level, boolean accessLog) {
        configure(level, accessLog, "System.out");
    }

    /** For one-shot commands: their output owns stdout. */
    static void configureForCommand(String level) {
        configure(level, false, "System.err");
    }

    private static void configure(String level, boolean accessLog, String logFile) {
        set("org.slf4j.simpleLogger.defaultLogLevel", level);
        if (accessLog) {
            set("org.slf4j.simpleLogger.log.access", "info"); // asked for explicitly: shown whatever LOG_LEVEL says
        }
        set("org.slf4j.simpleLogger.showDateTime", "true");
        set("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        set("org.slf4j.simpleLogger.showThreadName", "false");
        set("org.slf4j.simpleLogger.showShortLogName", "true");
        set("org.slf4j.simpleLogger.levelInBrackets", "false");
        set("org.slf4j.simpleLogger.logFile", logFile);
    }

    private static void set(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
