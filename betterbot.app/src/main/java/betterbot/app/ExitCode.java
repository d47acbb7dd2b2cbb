package betterbot.app;

/**
 * How the process ends; systemd and scripts read these. The values stay clear of the statuses the JVM itself
 * ends with (1 an uncaught exception, 3 {@code -XX:+ExitOnOutOfMemoryError}, 128 + a signal: 130, 134, 137,
 * 143), so the unit can refuse to restart after a bad configuration without also refusing after an
 * out-of-memory death. They follow the BSD {@code sysexits.h} numbering.
 */
enum ExitCode {
    OK(0),
    USAGE(64),
    FAILURE(65),
    CANNOT_LISTEN(69),
    STORE_UNUSABLE(74),
    BAD_CONFIG(78);

    /** What the JVM exits with after an out-of-memory error ({@code -XX:+ExitOnOutOfMemoryError}). */
    static final int JVM_OUT_OF_MEMORY = 3;

    final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
