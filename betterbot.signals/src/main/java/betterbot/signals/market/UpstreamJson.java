package betterbot.signals.market;

import betterbot.signals.IsoTime;
import betterbot.signals.SignalJson;
import betterbot.signals.Side;
import betterbot.signals.Source;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses upstream responses into market data: a Gamma {@code /markets} array, a CLOB {@code /books} array and a
 * Data API {@code /trades} page (a v1 bare array, or v2's {@code {data:[...], pagination:{...}}} with snake_case
 * rows). It takes the quirks of the real APIs in its stride: arrays encoded as strings
 * ({@code "[\"Yes\", \"No\"]"}), numbers as strings, missing fields, camelCase or snake_case names.
 *
 * <p>A malformed row is left out and counted in {@link Parsed#skipped()}; it never fails the response. Only a
 * body that is not the expected shape at all (not JSON, an object where an array belongs, an upstream error
 * object) throws {@link IllegalArgumentException}. Thread-safe and stateless.
 */
public final class UpstreamJson {
    /**
     * Unnamed placeholder outcomes of augmented NegRisk events, waiting to be clarified into a real outcome
     * ("Person A", "Player BC"): a capitalised category word and one or two capital letters, as whole words.
     * Case matters, so "Party of Regions" is a name; "Team", "Country", "Party", "Company", "Option" and
     * "Outcome" take one letter only, because two capitals after them are real abbreviations ("Team GB").
     */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "\\b(?:(?:Person|Player|Candidate|Individual) [A-Z]{1,2}|(?:Team|Country|Party|Company|Option|Outcome) [A-Z])\\b");

    /** The Data API's "not applicable" outcome index; no market has this many outcomes. */
    static final int NOT_APPLICABLE_INDEX = 999;

    private UpstreamJson() {
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
        List<Market> rows = new ArrayList<>();
        int skipped = 0;
        for (JsonNode row : array(rowsNode, "Gamma markets")) {
            Market m = market(row);
            if (m == null) {
                skipped++;
            } else {
                rows.add(m);
            }
        }
        return new Parsed<>(rows, skipped);
    }

    /** Parses a CLOB {@code POST /books} response (a JSON array of books). */
    public static Parsed<OrderBook> books(String json) {
        return books(tree(json));
    }

    /** Parses a CLOB {@code POST /books} response (a JSON array of books); a single book object is accepted too. */
    public static Parsed<OrderBook> books(JsonNode body) {
        List<OrderBook> rows = new ArrayList<>();
        int skipped = 0;
        Iterable<JsonNode> items = body != null && body.isObject() && body.has("asset_id") ? List.of(body)
                : array(body, "CLOB books");
        for (JsonNode row : items) {
            OrderBook b = book(row);
            if (b == null) {
                skipped++;
            } else {
                rows.add(b);
            }
        }
        return new Parsed<>(rows, skipped);
    }

    /** Parses a Data API trades page from Polymarket, as the API answers by default ({@code takerOnly=true}). */
    public static Parsed<Trade> trades(String json) {
        return trades(json, true);
    }

    /**
     * Parses a Data API trades page from Polymarket: v1 (bare array) or v2 ({@code {data:[...]}}).
     *
     * @param takerOnly the page answers a taker-only query ({@code takerOnly=true}): its fills are known takers'
     */
    public static Parsed<Trade> trades(String json, boolean takerOnly) {
        return trades(tree(json), Source.POLYMARKET, takerOnly);
    }

    /**
     * Parses a Data API trades or activity page: v1 (bare array) or v2 ({@code {data:[...]}}; {@code data: null}
     * is an empty page). Activity rows that are not trades (a {@code type} other than {@code TRADE}: REDEEM,
     * SPLIT, MERGE...) are left out without counting as malformed.
     *
     * @param takerOnly the page answers a taker-only query: its fills are known takers'
     */
    public static Parsed<Trade> trades(JsonNode body, Source source, boolean takerOnly) {
        JsonNode rowsNode = body;
        if (body != null && body.isObject()) {
            if (body.has("error")) {
                throw new IllegalArgumentException("the Data API answered an error: " + body.path("error").asText()
                        + (body.has("code") ? " (" + body.path("code").asText() + ")" : ""));
            }
            rowsNode = body.get("data");
            if (rowsNode != null && rowsNode.isNull()) {
                return new Parsed<>(List.of(), 0); // v2's normal empty page
            }
        }
        List<Trade> rows = new ArrayList<>();
        int skipped = 0;
        for (JsonNode row : array(rowsNode, "Data API trades")) {
            if (notATrade(row)) {
                continue;
            }
            Trade t = trade(row, source, takerOnly);
            if (t == null) {
                skipped++;
            } else {
                rows.add(t);
            }
        }
        return new Parsed<>(rows, skipped);
    }

    private static JsonNode tree(String json) {
        try {
            return SignalJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode array(JsonNode node, String what) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of " + what + ", got "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        return node;
    }

    // --- Gamma markets ---------------------------------------------------------------------------------------

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

    // --- CLOB books ------------------------------------------------------------------------------------------

    private static OrderBook book(JsonNode b) {
        if (!b.isObject()) {
            return null;
        }
        try {
            String asset = text(b, "asset_id", "assetId", "token_id");
            if (asset == null) {
                return null;
            }
            List<BookLevel> bids = levels(b.get("bids"));
            List<BookLevel> asks = levels(b.get("asks"));
            if (bids == null || asks == null) {
                return null;
            }
            return new OrderBook(text(b, "market", "condition_id", "conditionId"), asset, instant(b, "timestamp"),
                    bids, asks, number(b, "min_order_size", "minOrderSize"), number(b, "tick_size", "tickSize"),
                    text(b, "hash"));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The levels of one side; empty when absent, null when present but malformed (one bad level spoils the book). */
    private static List<BookLevel> levels(JsonNode side) {
        if (side == null || side.isNull()) {
            return List.of();
        }
        if (!side.isArray()) {
            return null;
        }
        List<BookLevel> out = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            Double price = number(level, "price");
            Double size = number(level, "size");
            if (price == null || size == null || price < 0 || price > 1 || size < 0) {
                return null;
            }
            out.add(new BookLevel(price, size));
        }
        return out;
    }

    // --- Data API trades -------------------------------------------------------------------------------------

    /** An activity row that is not a trade (REDEEM, SPLIT, MERGE...): no side, price 0, nothing to follow. */
    private static boolean notATrade(JsonNode row) {
        String type = row.isObject() ? text(row, "type") : null;
        return type != null && !type.equalsIgnoreCase("TRADE");
    }

    private static Trade trade(JsonNode t, Source source, boolean takerOnly) {
        if (!t.isObject()) {
            return null;
        }
        try {
            String wallet = text(t, "proxyWallet", "proxy_wallet");
            String asset = text(t, "asset", "token_id", "asset_id", "tokenId");
            Side side = side(text(t, "side"));
            Double size = number(t, "size");
            Double price = number(t, "price");
            Instant time = instant(t, "timestamp");
            if (wallet == null || asset == null || side == null || size == null || price == null || time == null
                    || size <= 0 || price <= 0 || price > 1) {
                return null;
            }
            Double index = number(t, "outcomeIndex", "outcome_index");
            return new Trade(text(t, "transactionHash", "transaction_hash"), asset,
                    text(t, "conditionId", "condition_id"), wallet, side, size, price, time, text(t, "outcome"),
                    outcomeIndex(index), text(t, "slug"), text(t, "eventSlug", "event_slug"), text(t, "title"),
                    source, takerOnly);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * An outcome index, or null when it is not one: 999 is the Data API's "not applicable" sentinel (every v2
     * trade carries it), and a negative or fractional value means nothing either. The detectors then take the
     * index from the market's token list.
     */
    static Integer outcomeIndex(Double index) {
        if (index == null || index < 0 || index >= NOT_APPLICABLE_INDEX || index != Math.rint(index)) {
            return null;
        }
        return index.intValue();
    }

    private static Side side(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "BUY" -> Side.BUY;
            case "SELL" -> Side.SELL;
            default -> null;
        };
    }

    // --- field readers: first name present wins --------------------------------------------------------------

    private static JsonNode field(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode v = node.get(name);
            if (v != null && !v.isNull()) {
                return v;
            }
        }
        return null;
    }

    /** Text of a string or number field; null when absent or blank. */
    private static String text(JsonNode node, String... names) {
        JsonNode v = field(node, names);
        if (v == null || v.isContainerNode()) {
            return null;
        }
        String s = v.asText().strip();
        return s.isEmpty() ? null : s;
    }

    private static String lowerText(JsonNode node, String... names) {
        String s = text(node, names);
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    /** A finite number, given as a JSON number or a numeric string; null when absent or blank. */
    private static Double number(JsonNode node, String... names) {
        JsonNode v = field(node, names);
        if (v == null) {
            return null;
        }
        double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else if (v.isTextual()) {
            String s = v.asText().strip();
            if (s.isEmpty()) {
                return null;
            }
            try {
                d = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: " + s);
            }
        } else {
            throw new IllegalArgumentException("not a number: " + v);
        }
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        return d;
    }

    private static boolean bool(JsonNode node, boolean absent, String... names) {
        JsonNode v = field(node, names);
        if (v == null) {
            return absent;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        String s = v.asText().strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + v);
        };
    }

    /**
     * A time: unix seconds or milliseconds (number or numeric string) or ISO-8601 (also Postgres' "2026-11-24
     * 13:30:00+00"). A date without a time of day is unknown (null): its hour matters to every rule using it.
     */
    private static Instant instant(JsonNode node, String... names) {
        JsonNode v = field(node, names);
        if (v == null) {
            return null;
        }
        String s = v.asText().strip();
        if (s.isEmpty()) {
            return null;
        }
        if (v.isNumber() || s.chars().allMatch(Character::isDigit)) {
            long n = v.isNumber() ? v.asLong() : Long.parseLong(s);
            return n >= 100_000_000_000L ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n);
        }
        if (s.length() == 10) {
            return null;
        }
        try {
            return IsoTime.parse(s);
        } catch (DateTimeParseException e) {
            String iso = s.replace(' ', 'T');
            if (iso.matches(".*[+-]\\d\\d")) {
                iso += ":00";
            }
            try {
                return IsoTime.parse(iso);
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException("not a time: " + s);
            }
        }
    }

    /** An array of strings, real or encoded as a string; empty when absent, null when undecodable. */
    private static List<String> stringList(JsonNode node, String... names) {
        JsonNode array = decodedArray(field(node, names));
        if (array == null) {
            return null;
        }
        List<String> out = new ArrayList<>(array.size());
        for (JsonNode v : array) {
            if (v.isContainerNode() || v.isNull()) {
                return null;
            }
            out.add(v.asText());
        }
        return out;
    }

    private static List<Double> doubleList(JsonNode node, String... names) {
        JsonNode array = decodedArray(field(node, names));
        if (array == null) {
            return null;
        }
        List<Double> out = new ArrayList<>(array.size());
        for (JsonNode v : array) {
            try {
                double d = v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText().strip());
                if (!Double.isFinite(d)) {
                    return null;
                }
                out.add(d);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    private static JsonNode decodedArray(JsonNode v) {
        if (v == null) {
            return SignalJson.mapper().createArrayNode();
        }
        if (v.isArray()) {
            return v;
        }
        if (v.isTextual()) {
            String s = v.asText().strip();
            if (s.isEmpty()) {
                return SignalJson.mapper().createArrayNode();
            }
            try {
                JsonNode decoded = SignalJson.mapper().readTree(s);
                return decoded != null && decoded.isArray() ? decoded : null;
            } catch (JsonProcessingException e) {
                return null;
            }
        }
        return null;
    }
}
