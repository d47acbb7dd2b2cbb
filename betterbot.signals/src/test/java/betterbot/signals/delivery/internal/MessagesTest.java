package betterbot.signals.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Details;
import betterbot.signals.Leg;
import betterbot.signals.RiskLevel;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalJson;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.StoredSignal;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MessagesTest {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final String WHALE_ID = "whale_trade:0xabc:123";
    static final String DEVIATION_ID = "price_deviation:who-wins:1";

    static StoredSignal whale(String title) {
        Details details = Details.builder().marketTitle(title).outcome("Yes").side(Side.BUY).currentPrice(0.42)
                .recommendedSizeUsd(250.0).wallet("0xABC").walletLabel("big_fish").build();
        Signal signal = new Signal(WHALE_ID, new SignalType.WhaleTrade("0xabc", 48_000, 80_000, 0.42),
                "will-x-win", 0.75, RiskLevel.MEDIUM, details, T0, Source.POLYMARKET);
        return StoredSignal.of(7, signal);
    }

    static StoredSignal deviation(String title, int legCount) {
        List<Leg> legs = IntStream.range(0, legCount)
                .mapToObj(i -> new Leg("candidate-" + i + "-wins", "Yes", "token" + i, 0.03, 500)).toList();
        Details details = Details.builder().marketTitle(title).legs(legs).recommendedSizeUsd(1_250.0).build();
        Signal signal = new Signal(DEVIATION_ID, new SignalType.PriceDeviation(legCount, 0.94, null, 0.06, 0.041,
                1_200), "who-wins", 0.8, RiskLevel.LOW, details, T0, Source.POLYMARKET);
        return StoredSignal.of(8, signal);
    }

    static JsonNode json(String body) throws Exception {
        return SignalJson.mapper().readTree(body);
    }

    /** The text Telegram shows: tags removed, entities decoded. */
    static String visible(String html) {
        return html.replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&amp;", "&");
    }

    static void assertEntitiesWhole(String html) {
        Matcher m = Pattern.compile("&").matcher(html);
        while (m.find()) {
            String after = html.substring(m.start());
            assertTrue(after.startsWith("&amp;") || after.startsWith("&lt;") || after.startsWith("&gt;")
                    || after.startsWith("&quot;"), "broken entity at " + m.start());
        }
    }

    static int embedTextLength(JsonNode embed) {
        int total = embed.path("title").asText().length() + embed.path("description").asText().length()
                + embed.path("footer").path("text").asText().length();
        for (JsonNode f : embed.path("fields")) {
            total += f.path("name").asText().length() + f.path("value").asText().length();
        }
        return total;
    }

    @Test
    void telegramBodyIsJsonWithHtmlTextLinkingTheMarket() throws Exception {
        JsonNode body = json(Messages.telegramBody(whale("Will X win?"), "-100123"));
        assertEquals("-100123", body.path("chat_id").asText());
        assertEquals("HTML", body.path("parse_mode").asText());
        assertTrue(body.path("link_preview_options").path("is_disabled").asBoolean());
        String text = body.path("text").asText();
        assertEquals(Messages.telegramText(whale("Will X win?")), text);
        assertTrue(text.contains("<a href=\"https://polymarket.com/market/will-x-win\">Will X win?</a>"), text);
        assertTrue(text.contains("<b>Whale trade</b>"), text);
        assertTrue(text.contains("BUY Yes at 0.42"), text);
        assertTrue(text.contains("75%"), text);
        assertTrue(text.contains("medium"), text);
        assertTrue(text.contains("$250"), text);
        assertTrue(text.contains("big_fish (0xabc)"), text);
        assertTrue(text.contains("polymarket"), text);
        assertTrue(text.contains("2026-11-24T12:00:00.000Z"), text);
        assertTrue(text.contains("<code>" + WHALE_ID + "</code>"), text);
    }

    @Test
    void telegramEscapesSignalText() {
        String text = Messages.telegramText(whale("<script>alert(1)</script> & co"));
        assertTrue(text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</a>"), text);
        assertFalse(text.contains("<script>"), text);
        assertEntitiesWhole(text);
    }

    @Test
    void telegramShortensAHugeTitleSoTheWholeTextFits() {
        String title = "A&B<c> ".repeat(1_500);
        String text = Messages.telegramText(whale(title));
        String shown = visible(text);
        assertTrue(shown.length() <= Messages.TELEGRAM_TEXT_MAX, "length " + shown.length());
        assertTrue(shown.length() > Messages.TELEGRAM_TEXT_MAX - 10, "title used the room: " + shown.length());
        assertTrue(shown.contains("…"), "shortened with an ellipsis");
        assertTrue(shown.contains(WHALE_ID), shown);
        assertTrue(shown.contains("Confidence: 75%"), shown);
        assertEntitiesWhole(text);
        assertTrue(text.contains("</a>"), "the link is closed");
    }

    @Test
    void telegramPriceDeviationListsTenLegsAndLinksToTheEvent() {
        String text = Messages.telegramText(deviation("Who wins?", 15));
        assertTrue(text.contains("<a href=\"https://polymarket.com/event/who-wins\">Who wins?</a>"), text);
        assertTrue(text.contains("<b>Price deviation</b>"), text);
        assertTrue(text.contains("Yes (candidate-0-wins) at 0.03"), text);
        assertTrue(text.contains("Yes (candidate-9-wins) at 0.03"), text);
        assertFalse(text.contains("candidate-10-wins"), text);
        assertTrue(text.contains("… and 5 more"), text);
        assertTrue(text.contains("asks sum to 0.94"), text);
        assertTrue(text.contains("4.1% after fees"), text);
        assertTrue(text.contains("$1,250"), text);
    }

    @Test
    void titleFallsBackToTheSlug() {
        String text = Messages.telegramText(whale(null));
        assertTrue(text.contains("\">will-x-win</a>"), text);
    }

    @Test
    void discordBodyHasSummaryEmbedAndNoMentions() throws Exception {
        JsonNode body = json(Messages.discordBody(whale("@everyone Will X win?")));
        assertEquals("**Whale trade**: @everyone Will X win?", body.path("content").asText());
        assertTrue(body.path("allowed_mentions").path("parse").isArray());
        assertEquals(0, body.path("allowed_mentions").path("parse").size());
        assertEquals(1, body.path("embeds").size());
        JsonNode embed = body.path("embeds").get(0);
        assertEquals("@everyone Will X win?", embed.path("title").asText());
        assertEquals("https://polymarket.com/market/will-x-win", embed.path("url").asText());
        assertEquals("2026-11-24T12:00:00.000Z", embed.path("timestamp").asText());
        assertEquals(WHALE_ID, embed.path("footer").path("text").asText());
        assertTrue(embed.path("color").isInt());
        List<String> names = embed.path("fields").findValuesAsText("name");
        assertEquals(List.of("Side", "Price", "Confidence", "Risk", "Size", "Source"), names);
        List<String> values = embed.path("fields").findValuesAsText("value");
        assertEquals(List.of("BUY Yes", "0.42", "75%", "medium", "$250", "polymarket"), values);
        embed.path("fields").forEach(f -> assertTrue(f.path("inline").asBoolean()));
        assertTrue(embed.path("description").asText().contains("big\\_fish (0xabc)"));
    }

    @Test
    void discordEscapesMarkdownInTheTitle() throws Exception {
        JsonNode body = json(Messages.discordBody(whale("*bold* _it_ ~~s~~ `c` ||x|| > q \\")));
        String escaped = "\\*bold\\* \\_it\\_ \\~\\~s\\~\\~ \\`c\\` \\|\\|x\\|\\| \\> q \\\\";
        assertEquals(escaped, body.path("embeds").get(0).path("title").asText());
        assertTrue(body.path("content").asText().endsWith(escaped));
    }

    @Test
    void discordRespectsEveryLimitForAHugeTitleAndFortyLegs() throws Exception {
        String title = "*_big_* ".repeat(1_250);
        JsonNode body = json(Messages.discordBody(deviation(title, 40)));
        assertTrue(body.path("content").asText().length() <= Messages.DISCORD_CONTENT_MAX);
        JsonNode embed = body.path("embeds").get(0);
        String embedTitle = embed.path("title").asText();
        assertTrue(embedTitle.length() <= Messages.DISCORD_TITLE_MAX, "title " + embedTitle.length());
        assertTrue(embedTitle.endsWith("…"), embedTitle);
        assertFalse(embedTitle.matches(".*(?<!\\\\)(\\\\\\\\)*\\\\…$"), "no escape cut in half: " + embedTitle);
        String description = embed.path("description").asText();
        assertTrue(description.length() <= Messages.DISCORD_DESCRIPTION_MAX);
        assertTrue(description.contains("… and 30 more"), description);
        assertTrue(description.contains("candidate-9-wins"), description);
        assertFalse(description.contains("candidate-10-wins"), description);
        assertTrue(embed.path("fields").size() <= Messages.DISCORD_FIELDS_MAX);
        for (JsonNode f : embed.path("fields")) {
            assertTrue(f.path("name").asText().length() <= Messages.DISCORD_FIELD_NAME_MAX);
            assertTrue(f.path("value").asText().length() <= Messages.DISCORD_FIELD_VALUE_MAX);
            assertFalse(f.path("value").asText().isEmpty());
        }
        assertTrue(embed.path("footer").path("text").asText().length() <= Messages.DISCORD_FOOTER_MAX);
        assertTrue(embedTextLength(embed) <= Messages.DISCORD_EMBED_TOTAL_MAX);
        assertEquals("https://polymarket.com/event/who-wins", embed.path("url").asText());
    }

    @Test
    void marketUrlEncodesTheSlug() {
        Signal signal = new Signal("id", new SignalType.WhaleTrade("0xabc", 48_000, 80_000, 0.42), "a b/c?d&e",
                0.5, RiskLevel.HIGH, null, T0, Source.DOME);
        assertEquals("https://polymarket.com/market/a%20b%2Fc%3Fd%26e", Messages.marketUrl(StoredSignal.of(1, signal)));
    }

    @Test
    void testMessagesNameTheDestinationAndTime() throws Exception {
        String text = Messages.testText("ops_chat", T0);
        assertTrue(text.contains("BetterBot test message"), text);
        assertTrue(text.contains("ops_chat"), text);
        assertTrue(text.contains("2026-11-24T12:00:00.000Z"), text);

        JsonNode telegram = json(Messages.telegramTestBody("42", "ops_chat", T0));
        assertEquals("42", telegram.path("chat_id").asText());
        assertEquals(text, telegram.path("text").asText());
        assertTrue(telegram.path("parse_mode").isMissingNode(), "plain text");

        JsonNode discord = json(Messages.discordTestBody("ops_chat", T0));
        String content = discord.path("content").asText();
        assertTrue(content.contains("BetterBot test message") && content.contains("ops\\_chat"), content);
        assertEquals(0, discord.path("allowed_mentions").path("parse").size());
        assertTrue(discord.path("allowed_mentions").path("parse").isArray());
    }
}
