package betterbot.signals.delivery.internal;

import betterbot.signals.Details;
import betterbot.signals.IsoTime;
import betterbot.signals.Leg;
import betterbot.signals.RiskLevel;
import betterbot.signals.Signal;
import betterbot.signals.SignalJson;
import betterbot.signals.SignalType;
import betterbot.signals.StoredSignal;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a stored signal into the readable message bodies that Telegram's Bot API ({@code sendMessage}, HTML
 * parse mode) and Discord webhooks (execute webhook, one embed) accept, and builds the test messages of
 * {@code betterbot deliveries test NAME}. Every piece of text taken from a signal is escaped for the service's
 * markup, and every message is kept within the service's length limits by shortening the market title (with
 * "…") and capping the other signal texts. See docs/delivery.md.
 */
final class Messages {
    /** Telegram's limit on a message's text, counted after entity parsing. */
    static final int TELEGRAM_TEXT_MAX = 4096;
    static final int DISCORD_CONTENT_MAX = 2000;
    static final int DISCORD_TITLE_MAX = 256;
    static final int DISCORD_DESCRIPTION_MAX = 4096;
    static final int DISCORD_FIELDS_MAX = 25;
    static final int DISCORD_FIELD_NAME_MAX = 256;
    static final int DISCORD_FIELD_VALUE_MAX = 1024;
    static final int DISCORD_FOOTER_MAX = 2048;
    static final int DISCORD_EMBED_TOTAL_MAX = 6000;
    /** Legs listed for a price deviation; the rest are counted ("… and N more"). */
    static final int MAX_LEGS_SHOWN = 10;

    /** Caps on signal texts other than the title, so that the title always has room. */
    private static final int ID_MAX = 200;
    private static final int OUTCOME_MAX = 100;
    private static final int WALLET_MAX = 100;
    private static final int LEG_TEXT_MAX = 80;
    private static final int NUMBER_MAX = 40;
    private static final int DESTINATION_MAX = 200;

    private static final String ELLIPSIS = "…";
    private static final String DISCORD_MARKDOWN = "*_~`|>\\";

    private static final int COLOR_LOW = 0x2ECC71;
    private static final int COLOR_MEDIUM = 0xF1C40F;
    private static final int COLOR_HIGH = 0xE67E22;
    private static final int COLOR_VERY_HIGH = 0xE74C3C;

    private Messages() {
    }

    // ---------------------------------------------------------------- Telegram

    /** The Telegram sendMessage request body: {"chat_id", "text", "parse_mode": "HTML", "link_preview_options"}. */
    static String telegramBody(StoredSignal signal, String chatId) {
        ObjectNode body = SignalJson.mapper().createObjectNode();
        body.put("chat_id", chatId);
        body.put("text", telegramText(signal));
        body.put("parse_mode", "HTML");
        body.putObject("link_preview_options").put("is_disabled", true);
        return write(body);
    }

    /** The message text in Telegram's HTML parse mode: at most 4096 characters after entity parsing. */
    static String telegramText(StoredSignal stored) {
        Signal signal = stored.toSignal();
        String title = title(signal);
        int rest = telegramText(signal, stored, "").visible;
        String shortened = shorten(title, Math.max(1, TELEGRAM_TEXT_MAX - rest));
        return telegramText(signal, stored, shortened).html.toString();
    }

    private static Html telegramText(Signal signal, StoredSignal stored, String title) {
        Html h = new Html();
        h.markup("<b>").text(typeWords(signal.signalType().name())).markup("</b>").text("\n");
        h.markup("<a href=\"" + escapeHtmlAttribute(marketUrl(stored)) + "\">").text(title).markup("</a>");
        for (String line : bodyLines(signal)) {
            h.text("\n").text(line);
        }
        Details d = signal.details();
        h.text("\nConfidence: " + percent(signal.confidence()) + "%");
        h.text("\nRisk: " + riskWords(signal.riskLevel()));
        if (d.recommendedSizeUsd() != null) {
            h.text("\nSize: " + usd(d.recommendedSizeUsd()));
        }
        h.text("\nSource: " + signal.source().wireName());
        h.text("\nDetected: " + IsoTime.format(signal.detectedAt()));
        h.text("\nID: ").markup("<code>").text(shorten(clean(signal.id()), ID_MAX)).markup("</code>");
        return h;
    }

    // ---------------------------------------------------------------- Discord

    /** The Discord webhook execute body: {"content", "embeds": [one embed], "allowed_mentions": {"parse": []}}. */
    static String discordBody(StoredSignal stored) {
        Signal signal = stored.toSignal();
        Details d = signal.details();
        String title = title(signal);
        String type = typeWords(signal.signalType().name());

        ObjectNode body = SignalJson.mapper().createObjectNode();
        String prefix = "**" + type + "**: ";
        body.put("content", prefix + shortenEscaped(title, DISCORD_CONTENT_MAX - prefix.length()));

        ObjectNode embed = SignalJson.mapper().createObjectNode();
        String embedTitle = shortenEscaped(title, DISCORD_TITLE_MAX);
        embed.put("title", embedTitle);
        embed.put("url", marketUrl(stored));

        List<String[]> fields = new ArrayList<>();
        String sideOutcome = sideOutcome(d);
        if (sideOutcome != null) {
            fields.add(new String[] {"Side", sideOutcome});
        }
        if (d.currentPrice() != null) {
            fields.add(new String[] {"Price", price(d.currentPrice())});
        }
        fields.add(new String[] {"Confidence", percent(signal.confidence()) + "%"});
        fields.add(new String[] {"Risk", riskWords(signal.riskLevel())});
        if (d.recommendedSizeUsd() != null) {
            fields.add(new String[] {"Size", usd(d.recommendedSizeUsd())});
        }
        fields.add(new String[] {"Source", signal.source().wireName()});

        String footer = shorten(clean(signal.id()), ID_MAX);
        int used = embedTitle.length() + footer.length();
        ArrayNode fieldArray = SignalJson.mapper().createArrayNode();
        for (String[] f : fields.subList(0, Math.min(fields.size(), DISCORD_FIELDS_MAX))) {
            String name = shortenEscaped(f[0], DISCORD_FIELD_NAME_MAX);
            String value = shortenEscaped(f[1], DISCORD_FIELD_VALUE_MAX);
            used += name.length() + value.length();
            fieldArray.addObject().put("name", name).put("value", value).put("inline", true);
        }

        int budget = Math.min(DISCORD_DESCRIPTION_MAX, DISCORD_EMBED_TOTAL_MAX - used);
        StringBuilder description = new StringBuilder("**").append(type).append("**");
        for (String line : bodyLines(signal)) {
            String escaped = escapeMarkdown(line);
            if (description.length() + 1 + escaped.length() + 1 + ELLIPSIS.length() > budget) {
                description.append('\n').append(ELLIPSIS);
                break;
            }
            description.append('\n').append(escaped);
        }
        embed.put("description", description.toString());
        embed.set("fields", fieldArray);
        embed.put("timestamp", IsoTime.format(signal.detectedAt()));
        embed.putObject("footer").put("text", footer);
        embed.put("color", color(signal.riskLevel()));

        body.putArray("embeds").add(embed);
        body.putObject("allowed_mentions").putArray("parse");
        return write(body);
    }

    // ---------------------------------------------------------------- shared

    /**
     * The market's page on Polymarket: {@code https://polymarket.com/event/<slug>} for price_deviation (the slug
     * is an event's), {@code https://polymarket.com/market/<slug>} otherwise; the slug URL-encoded.
     */
    static String marketUrl(StoredSignal signal) {
        String kind = SignalType.PRICE_DEVIATION.equals(signal.type()) ? "event" : "market";
        String slug = URLEncoder.encode(signal.marketSlug(), StandardCharsets.UTF_8).replace("+", "%20");
        return "https://polymarket.com/" + kind + "/" + slug;
    }

    /** A test message for {@code betterbot deliveries test NAME}: plain text naming the destination and time. */
    static String testText(String destinationName, Instant at) {
        return testTextOf(shorten(clean(destinationName), DESTINATION_MAX), at);
    }

    static String telegramTestBody(String chatId, String destinationName, Instant at) {
        ObjectNode body = SignalJson.mapper().createObjectNode();
        body.put("chat_id", chatId);
        body.put("text", testText(destinationName, at));
        body.putObject("link_preview_options").put("is_disabled", true);
        return write(body);
    }

    static String discordTestBody(String destinationName, Instant at) {
        ObjectNode body = SignalJson.mapper().createObjectNode();
        body.put("content", testTextOf(shortenEscaped(clean(destinationName), DESTINATION_MAX), at));
        body.putObject("allowed_mentions").putArray("parse");
        return write(body);
    }

    private static String testTextOf(String name, Instant at) {
        return "This is a BetterBot test message to destination " + name + " at " + IsoTime.format(at)
                + ". If you can read it, deliveries to " + name + " work.";
    }

    /**
     * The plain-text lines between the title and the common figures: side, outcome and price, a price
     * deviation's sums and legs, the wallet. Every signal text in them is capped.
     */
    private static List<String> bodyLines(Signal signal) {
        List<String> lines = new ArrayList<>();
        Details d = signal.details();
        String sideOutcome = sideOutcome(d);
        if (sideOutcome != null || d.currentPrice() != null) {
            String line = sideOutcome == null ? "Price" : sideOutcome;
            lines.add(d.currentPrice() == null ? line : line + " at " + price(d.currentPrice()));
        }
        if (signal.signalType() instanceof SignalType.PriceDeviation pd) {
            String sums = pd.askSum() != null ? "Buy every outcome: asks sum to " + price(pd.askSum())
                    : pd.bidSum() != null ? "Sell every outcome: bids sum to " + price(pd.bidSum())
                    : "Outcome-set mispricing";
            lines.add(sums + ", edge " + percent(pd.edgeAfterFees()) + "% after fees");
        }
        List<Leg> legs = d.legs() == null ? List.of() : d.legs();
        if (!legs.isEmpty()) {
            lines.add("Legs:");
            for (Leg leg : legs.subList(0, Math.min(legs.size(), MAX_LEGS_SHOWN))) {
                StringBuilder line = new StringBuilder("• ").append(shorten(clean(leg.outcome()), LEG_TEXT_MAX));
                if (leg.marketSlug() != null && !leg.marketSlug().isEmpty()) {
                    line.append(" (").append(shorten(clean(leg.marketSlug()), LEG_TEXT_MAX)).append(')');
                }
                lines.add(line.append(" at ").append(price(leg.price())).toString());
            }
            if (legs.size() > MAX_LEGS_SHOWN) {
                lines.add(ELLIPSIS + " and " + (legs.size() - MAX_LEGS_SHOWN) + " more");
            }
        }
        String wallet = wallet(signal);
        if (wallet != null) {
            lines.add("Wallet: " + wallet);
        }
        return lines;
    }

    /** "BUY Yes", "BUY", "Yes", or null when neither the side nor the outcome is known. */
    private static String sideOutcome(Details d) {
        String outcome = d.outcome() == null || d.outcome().isBlank() ? null
                : shorten(clean(d.outcome()), OUTCOME_MAX);
        if (d.side() == null) {
            return outcome;
        }
        return outcome == null ? d.side().name() : d.side().name() + " " + outcome;
    }

    /** "label (0xabc…)", "label", "0xabc…", or null. */
    private static String wallet(Signal signal) {
        Details d = signal.details();
        String label = d.walletLabel();
        String address = d.wallet();
        if (label == null && signal.signalType() instanceof SignalType.TrackedWalletEntry t) {
            label = t.walletLabel();
        }
        if (address == null) {
            if (signal.signalType() instanceof SignalType.TrackedWalletEntry t) {
                address = t.wallet();
            } else if (signal.signalType() instanceof SignalType.WhaleTrade w) {
                address = w.wallet();
            }
        }
        label = label == null || label.isBlank() ? null : shorten(clean(label), WALLET_MAX);
        address = address == null || address.isBlank() ? null : shorten(clean(address), WALLET_MAX);
        if (label == null) {
            return address;
        }
        return address == null ? label : label + " (" + address + ")";
    }

    /** The market title, falling back to the slug; never blank. */
    private static String title(Signal signal) {
        String title = signal.details().marketTitle();
        if (title == null || title.isBlank()) {
            title = signal.marketSlug();
        }
        title = clean(title).strip();
        return title.isEmpty() ? "Polymarket market" : title;
    }

    /** "whale_trade" → "Whale trade". */
    static String typeWords(String wireName) {
        String words = wireName.replace('_', ' ');
        return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String riskWords(RiskLevel level) {
        return level.wireName().replace('_', ' ');
    }

    private static int color(RiskLevel level) {
        return switch (level) {
            case LOW -> COLOR_LOW;
            case MEDIUM -> COLOR_MEDIUM;
            case HIGH -> COLOR_HIGH;
            case VERY_HIGH -> COLOR_VERY_HIGH;
        };
    }

    /** A price with at most four decimals: 0.42, 0.6001, 1. */
    private static String price(double p) {
        if (!Double.isFinite(p)) {
            return String.valueOf(p);
        }
        return shorten(BigDecimal.valueOf(p).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString(), NUMBER_MAX);
    }

    /** A fraction as a percentage with at most one decimal: 0.75 → 75, 0.041 → 4.1. */
    private static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return String.valueOf(fraction);
        }
        return shorten(BigDecimal.valueOf(fraction).movePointRight(2).setScale(1, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString(), NUMBER_MAX);
    }

    /** US dollars: $250, $1,250, $12.50. */
    private static String usd(double amount) {
        if (!Double.isFinite(amount)) {
            return "$" + amount;
        }
        String s = String.format(Locale.ROOT, "%,.2f", BigDecimal.valueOf(amount));
        if (s.endsWith(".00")) {
            s = s.substring(0, s.length() - 3);
        }
        return shorten("$" + s, NUMBER_MAX);
    }

    /** Control characters (line breaks included) become spaces, so that no signal text breaks the layout. */
    private static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, ' ');
            }
        }
        return out == null ? s : out.toString();
    }

    /** At most {@code max} characters, ending in "…" when shortened; never splits a surrogate pair. */
    static String shorten(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Math.max(0, max - ELLIPSIS.length());
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + ELLIPSIS;
    }

    /**
     * The Discord-markdown-escaped form of {@code s} in at most {@code max} characters, shortened with "…"
     * between characters, never inside an escape or a surrogate pair.
     */
    private static String shortenEscaped(String s, int max) {
        String escaped = escapeMarkdown(s);
        if (escaped.length() <= max) {
            return escaped;
        }
        int limit = max - ELLIPSIS.length();
        StringBuilder out = new StringBuilder(limit + 1);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int width = Character.charCount(cp) + (cp < 128 && DISCORD_MARKDOWN.indexOf(cp) >= 0 ? 1 : 0);
            if (out.length() + width > limit) {
                break;
            }
            if (width > Character.charCount(cp)) {
                out.append('\\');
            }
            out.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return out.append(ELLIPSIS).toString();
    }

    /** Discord markdown: a backslash before each of {@code * _ ~ ` | > \}. */
    static String escapeMarkdown(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (DISCORD_MARKDOWN.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Telegram HTML text: {@code & < >} as entities. */
    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String escapeHtmlAttribute(String s) {
        return escapeHtml(s).replace("\"", "&quot;");
    }

    private static String write(ObjectNode node) {
        try {
            return SignalJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Telegram HTML under construction, with the length of its text after entity parsing. */
    private static final class Html {
        final StringBuilder html = new StringBuilder(512);
        int visible;

        Html markup(String tag) {
            html.append(tag);
            return this;
        }

        Html text(String raw) {
            html.append(escapeHtml(raw));
            visible += raw.length();
            return this;
        }
    }
}
