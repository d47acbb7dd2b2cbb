package betterbot.signals.delivery;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One configured destination (see docs/delivery.md). Its secret is the webhook's signing key, the Telegram bot
 * token or nothing for Discord, whose URL is itself the secret; {@link #toString()} shows neither.
 *
 * @param name how the API, metrics, logs and {@code deliveries test} name it; its cursor is kept under it
 * @param url the webhook's URL, Telegram's API base (e.g. {@code https://api.telegram.org}) or the Discord webhook
 * @param chatId the Telegram chat; null for other kinds
 * @param perSecond a lower pace than the kind's own, or null
 */
public record Destination(String name, DestinationKind kind, URI url, String secret, String chatId,
                          DeliveryFilter filter, Double perSecond) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public Destination {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(filter, "filter");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a destination name is 1 to 64 of a-z, 0-9, '_' and '-', got '"
                    + name + "'");
        }
        if (kind == DestinationKind.TELEGRAM && (secret == null || chatId == null)) {
            throw new IllegalArgumentException("a telegram destination needs a bot token and a chat id");
        }
        if (kind == DestinationKind.WEBHOOK && (secret == null || secret.length() < 16)) {
            throw new IllegalArgumentException("a webhook needs a secret of at least 16 characters to sign with");
        }
        if (perSecond != null && !(perSecond > 0)) {
            throw new IllegalArgumentException("per_second must be above 0, got " + perSecond);
        }
    }

    /** The URL as logs and answers may show it: a Discord webhook's token and any query are cut. */
    public String shownUrl() {
        if (kind == DestinationKind.DISCORD) {
            String path = url.getPath() == null ? "" : url.getPath();
            int cut = path.lastIndexOf('/');
            return url.getScheme() + "://" + url.getAuthority() + (cut > 0 ? path.substring(0, cut) : path) + "/***";
        }
        return url.getScheme() + "://" + url.getAuthority() + (url.getPath() == null ? "" : url.getPath());
    }

    @Override
    public String toString() {
        return "Destination[" + name + ", " + kind.wireName() + ", " + shownUrl() + "]";
    }
}
