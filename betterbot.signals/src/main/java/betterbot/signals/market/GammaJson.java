package betterbot.signals.market;

import static betterbot.signals.market.internal.JsonFields.eachRow;
import static betterbot.signals.market.internal.JsonFields.array;
import static betterbot.signals.market.internal.JsonFields.bool;
import static betterbot.signals.market.internal.JsonFields.doubleList;
import static betterbot.signals.market.internal.JsonFields.field;
import static betterbot.signals.market.internal.JsonFields.instant;
import static betterbot.signals.market.internal.JsonFields.lowerText;
import static betterbot.signals.market.internal.JsonFields.number;
import static betterbot.signals.market.internal.JsonFields.stringList;
import static betterbot.signals.market.internal.JsonFields.text;
import static betterbot.signals.market.internal.JsonFields.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses Gamma markets (see docs/domain.md, Upstream: Gamma): a {@code /markets/keyset} page, a legacy
 * {@code /markets} array or the markets nested in a {@code /events/{id}} event, camelCase or snake_case, outcome
 * lists encoded as strings. A malformed market is left
 * out and counted in {@link Parsed#skipped()}; only a body that is not the expected shape at all throws
 * {@link IllegalArgumentException}. Thread-safe and stateless.
 */
public final class GammaJson {
    /**
     * Unnamed placeholder outcomes of augmented NegRisk events, waiting to be clarified into a real outcome
     * ("Person A", "Player BC"): a capitalised category word and one or two capital letters, as whole words.
     * Case matters, so "Party of Regions" is a name; "Team", "Country", "Party", "Company", "Option" and
     * "Outcome" take one letter only, because two capitals after them are real abbreviations ("Team GB").
     */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\b(?:(?:Person|Player|Candidate|Individual) [A-Z]{1,2}|(?:Team|Country|Party|Company|Option|Outcome) [A-Z])\\b");

    private GammaJson() {
    }

    /**
     * Parses a Gamma markets response: a {@code /markets/keyset} page ({@code {"markets": [...], "next_cursor":
     * ...}}) or a legacy {@code /markets} array.
     */
    public static Parsed<Market> markets(String json) {
        return markets(tree(json));
    }

    /**
     * Parses a Gamma markets response: a {@code /markets/keyset} page ({@code {"markets": [...], "next_cursor":
     * ...}}, {@code "markets": null} being an empty page) or a legacy {@code /markets} array.
     */
    public static Parsed<Market> markets(JsonNode body) {
        JsonNode rowsNode = body;
        if (body != null && body.isObject()) {
            if (!body.has("markets")) {
                throw new IllegalArgumentException("expected a Gamma markets page, got an object without \"markets\""
                        + (body.has("error") ? ": " + body.path("error").asText() : ""));
            }
            rowsNode = body.get("markets");
            if (rowsNode.isNull()) {
                return new Parsed<>(List.of(), 0);
            }
        }
        return eachRow(array(rowsNode, "Gamma markets"), GammaJson::market);
    }

    /** Parses a Gamma {@code /events/{id}} answer into its markets; see {@link #eventMarkets(JsonNode)}. */
    public static Parsed<Market> eventMarkets(String json) {
        return eventMarkets(tree(json));
    }

    /**
     * The markets of a Gamma {@code /events/{id}} answer (one event object; an array of events is accepted too).
     * Markets nested in an event do not repeat their {@code events} field, so the event's own fields (id, slug,
     * title, {@code negRiskAugmented}, {@code endDate}, {@code live}, {@code ended}...) are put back into each
     * before parsing. Reads a copy: {@code body} is left as it was.
     */
    public static Parsed<Market> eventMarkets(JsonNode body) {
        if (body != null && body.isObject()) {
            body = JsonNodeFactory.instance.arrayNode().add(body);
        }
        if (body == null || !body.isArray()) {
            throw new IllegalArgumentException("expected an event");
        }
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        for (JsonNode event : body) {
            ObjectNode ref = JsonNodeFactory.instance.objectNode();
            event.fields().forEachRemaining(f -> {
                if (!f.getValue().isContainerNode()) {
                    ref.set(f.getKey(), f.getValue());
                }
            });
            for (JsonNode market : event.path("markets")) {
                if (market instanceof ObjectNode nested) {
                    ObjectNode m = nested.deepCopy();
                    if (!m.has("events")) {
                        m.set("events", JsonNodeFactory.instance.arrayNode().add(ref));
                    }
                    all.add(m);
                }
            }
        }
        return markets(all);
    }

    private static Market market(JsonNode m) {
        if (!m.isObject()) {
            return null;
        }
        try {
            String conditionId = text(m, "conditionId", "condition_id");
            if (conditionId == null) {
                return null;
            }
            List<String> outcomes = stringList(m, "outcomes");
            List<Double> prices = doubleList(m, "outcomePrices", "outcome_prices");
            List<String> tokens = tokenIds(m);
            if (outcomes == null || tokens == null || prices == null) {
                return null; // present but not decodable
            }
            if ((!tokens.isEmpty() && tokens.size() != outcomes.size())
                    || (!prices.isEmpty() && prices.size() != outcomes.size())) {
                return null;
            }
            JsonNode event = m.path("events").path(0);
            Instant endDate = instant(m, "endDate", "end_date");
            if (endDate == null) {
                endDate = instant(event, "endDate", "end_date"); // some markets have none; their event has
            }
            Instant startDate = instant(m, "startDate", "start_date");
            if (startDate == null) {
                startDate = instant(m, "createdAt", "created_at");
            }
            boolean augmented = bool(m, false, "negRiskAugmented", "neg_risk_augmented")
                    || bool(event, false, "negRiskAugmented", "neg_risk_augmented");
            String question = text(m, "question");
            String groupItemTitle = text(m, "groupItemTitle", "group_item_title");
            String name = groupItemTitle != null ? groupItemTitle : question;
            boolean placeholder = augmented && name != null && PLACEHOLDER.matcher(name).find();
            Double feeRate = number(m.path("feeSchedule"), "rate");
            FeeSchedule fees;
            if (m.has("feesEnabled") && !bool(m, true, "feesEnabled")) {
                fees = FeeSchedule.NONE;
            } else if (feeRate != null) {
                Double exponent = number(m.path("feeSchedule"), "exponent");
                fees = new FeeSchedule(feeRate, exponent == null ? 1 : exponent);
            } else {
                fees = null; // unknown: the detector assumes the configured default and says so
            }
            return new Market(text(m, "id"), question, conditionId, text(m, "slug"), text(event, "id"),
                    text(event, "slug"), text(event, "title"), endDate,
                    bool(m, true, "active"), bool(m, false, "closed"),
                    bool(m, true, "acceptingOrders", "accepting_orders"), bool(m, false, "negRisk", "neg_risk"),
                    text(m, "negRiskMarketID", "negRiskMarketId", "neg_risk_market_id"), augmented, placeholder,
                    text(m, "questionID", "questionId", "question_id"), groupItemTitle, outcomes, prices, tokens,
                    number(m, "volume24hr", "volume_24hr", "volume24h"), number(m, "volume1wk", "volume_1wk"),
                    number(m, "liquidityNum", "liquidity_num", "liquidity"), number(m, "bestBid", "best_bid"),
                    number(m, "bestAsk", "best_ask"), number(m, "orderMinSize", "order_min_size"),
                    number(m, "orderPriceMinTickSize", "order_price_min_tick_size"), fees, startDate,
                    instant(m, "gameStartTime", "game_start_time"), text(m, "sportsMarketType", "sports_market_type"),
                    lowerText(m, "umaResolutionStatus", "uma_resolution_status"), bool(event, false, "live"),
                    bool(event, false, "ended"));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The outcome tokens: a protocol v2 market ({@code version} "v2") trades its {@code positionIds}, any other its
     * {@code clobTokenIds}, even when both are present with different values; the other field is used only when
     * the right one is missing.
     */
    private static List<String> tokenIds(JsonNode m) {
        String version = text(m, "version");
        boolean v2 = version != null && (version.equalsIgnoreCase("v2") || version.equals("2"));
        String[] clob = {"clobTokenIds", "clob_token_ids"};
        String[] positions = {"positionIds", "position_ids"};
        String[] first = v2 ? positions : clob;
        return field(m, first) != null ? stringList(m, first) : stringList(m, v2 ? clob : positions);
    }
}
