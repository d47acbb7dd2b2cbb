package betterbot.app;

/** How the process ends; systemd and scripts read these. */
enum ExitCode {
    OK(0),
    FAILURE(1),
    USAGE(2),
    BAD_CONFIG(3),
    STORE_UNUSABLE(4),
    CANNOT_LISTEN(5);

    final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
