package betterbot.app;

import betterbot.signals.SignalJson;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for Polymarket at production volume, for {@code scripts/footprint}: 500 Gamma markets with
 * description-sized texts (string-encoded arrays, numbers as strings), 40 of them in 8 NegRisk events, CLOB books
 * of 15 levels a side for every token asked, and Data API pages of 500 fresh trades on every whale poll, so the
 * service's memory is measured with every poller busy. Prints its port, then serves until killed.
 */
public final class FootprintUpstream {
    static final int MARKETS = 500;
    static final int NEG_RISK_EVENTS = 8;
    static final int LEGS = 5;
    private static final String DESCRIPTION = ("This market resolves to Yes if the event described happens before the end"
            + " date according to the resolution source; otherwise it resolves to No. ").repeat(6);

    private final AtomicLong tradeSeq = new AtomicLong();

    private FootprintUpstream() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        FootprintUpstream upstream = new FootprintUpstream();
        server.createContext("/", upstream::answer);
        server.start();
        System.out.println(server.getAddress().getPort());
        System.out.flush();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = String.valueOf(exchange.getRequestURI().getQuery());
            String path = exchange.getRequestURI().getPath();
            String body = path.startsWith("/events/") ? event(path.substring("/events/".length()))
                    : switch (path) {
                        case "/markets/keyset" -> keysetPage(intParam(query, "after_cursor"), intParam(query, "limit"));
                        case "/books" -> books(SignalJson.mapper().readTree(exchange.getRequestBody()));
                        case "/trades" -> trades(query.contains("user=") ? 50 : 500);
                        default -> "[]";
                    };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private static int intParam(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return Integer.parseInt(pair.substring(name.length() + 1));
            }
        }
        return 0;
    }

    private static String markets(int offset, int limit) {
        List<String> rows = new ArrayList<>();
        for (int i = offset; i < Math.min(MARKETS, offset + limit); i++) {
            rows.add(market(i));
        }
        return "[" + String.join(",", rows) + "]";
    }

    /** A keyset page; this stand-in's cursor is simply the offset of the next page. */
    private static String keysetPage(int offset, int limit) {
        int next = offset + limit;
        return "{\"markets\":" + markets(offset, limit) + ",\"next_cursor\":"
                + (next < MARKETS ? "\"" + next + "\"" : "null") + "}";
    }

    private static String event(String id) {
        int e = Integer.parseInt(id.replace("ev", ""));
        List<String> legs = new ArrayList<>();
        for (int leg = 0; leg < LEGS; leg++) {
            legs.add(market(e * LEGS + leg));
        }
        return "{\"id\":\"ev" + e + "\",\"slug\":\"event-" + e + "\",\"title\":\"Event " + e + "\",\"markets\":["
                + String.join(",", legs) + "]}";
    }

    private static String market(int i) {
        boolean negRisk = i < NEG_RISK_EVENTS * LEGS;
        int event = negRisk ? i / LEGS : 1000 + i;
        double volume = 2_000_000.0 / (i + 1);
        return String.format(Locale.ROOT, """
                {"id":"%d","question":"Will outcome %d happen by December 31?","conditionId":"0x%064x",
                 "slug":"market-%d","description":"%s","endDate":"2026-12-31T00:00:00Z","active":true,"closed":false,
                 "acceptingOrders":true,"negRisk":%s,%s"events":[{"id":"ev%d","slug":"event-%d","title":"Event %d"}],
                 "outcomes":"[\\"Yes\\", \\"No\\"]","outcomePrices":"[\\"0.%02d\\", \\"0.%02d\\"]",
                 "clobTokenIds":"[\\"%s\\", \\"%s\\"]","volume24hr":"%.2f","volume1wk":%.2f,"liquidityNum":"%.2f",
                 "bestBid":"0.%02d","bestAsk":"0.%02d","orderMinSize":5,"orderPriceMinTickSize":0.01}""",
                i, i, i, i, DESCRIPTION, negRisk, negRisk ? "\"negRiskMarketID\":\"0xneg" + event + "\"," : "",
                event, event, event, 20 + i % 60, 80 - i % 60, token(i, 0), token(i, 1), volume, volume * 5,
                50_000 + i * 10.0, 19 + i % 60, 21 + i % 60);
    }

    private static String token(int market, int outcome) {
        return String.format(Locale.ROOT, "%038d%039d", market * 2L + outcome, 7L);
    }

    private static String books(JsonNode request) {
        List<String> books = new ArrayList<>();
        for (JsonNode t : request) {
            String token = t.path("token_id").asText();
            StringBuilder bids = new StringBuilder();
            StringBuilder asks = new StringBuilder();
            for (int level = 0; level < 15; level++) {
                String sep = level == 0 ? "" : ",";
                bids.append(sep).append(String.format(Locale.ROOT, "{\"price\":\"0.%02d\",\"size\":\"%d\"}",
                        40 - level, 100 + level * 37));
                asks.append(sep).append(String.format(Locale.ROOT, "{\"price\":\"0.%02d\",\"size\":\"%d\"}",
                        42 + level, 120 + level * 41));
            }
            books.add("{\"market\":\"0xcond\",\"asset_id\":\"" + token + "\",\"timestamp\":\"" + System.currentTimeMillis()
                    + "\",\"hash\":\"h\",\"bids\":[" + bids + "],\"asks\":[" + asks + "],\"min_order_size\":\"5\","
                    + "\"tick_size\":\"0.01\",\"neg_risk\":false}");
        }
        return "[" + String.join(",", books) + "]";
    }

    /** A page of fills the service has not seen: newest first, as the Data API sends them. */
    private String trades(int count) {
        long now = System.currentTimeMillis() / 1000;
        List<String> rows = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            long n = tradeSeq.incrementAndGet();
            int market = (int) (n % MARKETS);
            rows.add(String.format(Locale.ROOT, """
                    {"proxyWallet":"0x%040x","side":"%s","asset":"%s","conditionId":"0x%064x","size":"%d",
                     "price":"0.%02d","timestamp":%d,"title":"Will outcome %d happen by December 31?",
                     "slug":"market-%d","eventSlug":"event-%d","outcome":"Yes","outcomeIndex":0,
                     "name":"trader%d","pseudonym":"Trader-%d","transactionHash":"0x%064x"}""",
                    n % 997, n % 3 == 0 ? "SELL" : "BUY", token(market, 0), market, 20_000 + n % 50_000,
                    30 + n % 60, now - k, market, market, market, n % 997, n % 997, n));
        }
        return "[" + String.join(",", rows) + "]";
    }
}
