/**
 * BetterBot's domain: the signal model and its JSON contract ({@code betterbot.signals}), upstream market data
 * and its parser ({@code betterbot.signals.market}), and detection: detectors, risk manager, pipeline and replay
 * ({@code betterbot.signals.detection}, implementation in {@code …detection.internal}), and grading: entry prices,
 * grades, track-record statistics and calibrated win probabilities ({@code betterbot.signals.grading}), and push
 * delivery to webhooks, Telegram and Discord ({@code betterbot.signals.delivery}).
 */
module betterbot.signals {
    requires transitive com.fasterxml.jackson.databind;
    requires java.net.http;
    requires org.slf4j;

    exports betterbot.signals;
    exports betterbot.signals.market;
    exports betterbot.signals.detection;
    exports betterbot.signals.sources;
    exports betterbot.signals.grading;
    exports betterbot.signals.delivery;

    opens betterbot.signals to com.fasterxml.jackson.databind;
}
