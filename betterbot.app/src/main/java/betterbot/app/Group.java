package betterbot.app;

/** A section of the settings, in the order the reference, the environment example and check-config list them. */
enum Group {
    SERVICE("Service", "Where the API listens, where signals are kept, and logging."),
    DETECTION("Signal detection", "Thresholds of the detectors; see docs/domain.md, Detection rules."),
    RISK("Risk manager", "Fractional-Kelly position sizing; see docs/domain.md, Risk manager."),
    GRADING("Grading", "When signals are graded, and when sizing trusts their record; see docs/grading.md."),
    SOURCES("Live sources", "The upstream APIs: where they are, their keys, what is fetched and how often."),
    HTTP("HTTP API", "The API's token, CORS, access log and safety limits, and the live stream."),
    DELIVERY("Push delivery", "Webhooks, Telegram and Discord: where signals are pushed; see docs/delivery.md."),
    JVM("The JVM", "Read by bin/betterbot before Java starts, not by the service; check-config shows it.");

    final String title;
    final String intro;

    Group(String title, String intro) {
        this.title = title;
        this.intro = intro;
    }

    /** False for settings that the launcher reads and the service never does. */
    boolean readByService() {
        return this != JVM;
    }
}
