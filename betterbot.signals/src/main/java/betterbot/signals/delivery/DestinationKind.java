package betterbot.signals.delivery;

import java.time.Duration;
import java.util.Locale;

/**
 * Where a destination pushes to, and the pace its service accepts (see docs/delivery.md, Destinations).
 *
 * @param burst how many messages may go at once after a quiet spell
 * @param every how often one more message may go after that
 */
public enum DestinationKind {
    /** A JSON POST of the signal's wire form, signed with HMAC-SHA256; the receiver is the user's own. */
    WEBHOOK(20, Duration.ofMillis(10)),
    /** Telegram's Bot API sendMessage: about one message a second per chat. */
    TELEGRAM(1, Duration.ofMillis(1_050)),
    /** A Discord channel webhook: about five requests per two seconds. */
    DISCORD(5, Duration.ofMillis(400));

    private final int burst;
    private final Duration every;

    DestinationKind(int burst, Duration every) {
        this.burst = burst;
        this.every = every;
    }

    public int burst() {
        return burst;
    }

    public Duration every() {
        return every;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the kinds there are */
    public static DestinationKind fromWire(String name) {
        for (DestinationKind k : values()) {
            if (k.wireName().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be webhook, telegram or discord, got '" + name + "'");
    }
}
