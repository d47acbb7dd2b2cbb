package betterbot.signals.sources.internal;

import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import betterbot.signals.Signal;
import betterbot.signals.sources.MarketFeed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Upstream JSON in the real shapes (docs/domain.md, Upstream: Gamma, CLOB, Data API), quirks included, and a feed
 * that records what it got.
 */
final class Shapes {
    private Shapes() {
    }

    /** A Gamma market: outcomes, prices and token ids as JSON arrays encoded in strings; numbers as strings. */
    static String gammaMarket(String id, double volume24h, boolean negRisk, String negRiskId, String eventId) {
        return """
                {"id":"%s","question":"Question %s?","conditionId":"0xcond%s","slug":"market-%s",
                 "endDate":"2026-12-31T00:00:00Z","active":true,"closed":false,"acceptingOrders":true,
                 "negRisk":%s,%s"events":[{"id":"%s","slug":"event-%s","title":"Event %s"}],
                 "outcomes":"[\\"Yes\\", \\"No\\"]","outcomePrices":"[\\"0.6\\", \\"0.4\\"]",
                 "clobTokenIds":"[\\"%s1\\", \\"%s2\\"]","volume24hr":"%s","volume1wk":%s,"liquidityNum":"25000"}
                """.formatted(id, id, id, id, negRisk, negRiskId == null ? "" : "\"negRiskMarketID\":\"" + negRiskId + "\",",
                eventId, eventId, eventId, id, id, volume24h, volume24h * 7);
    }

    /**
     * A Gamma market as the grading requests see it: possibly closed and resolved ({@code umaResolutionStatus}
     * {@code resolved}, {@code outcomePrices} {@code ["1", "0"]}), and possibly a protocol v2 market whose tokens are
     * its {@code positionIds}, with different {@code clobTokenIds} beside them.
     */
    static String gradedMarket(String condition, String yes, String no, String yesPrice, String noPrice,
                               boolean closed, String uma, boolean v2) {
        String clob = "\"clobTokenIds\":\"[\\\"" + (v2 ? "old-" : "") + yes + "\\\", \\\"" + (v2 ? "old-" : "") + no
                + "\\\"]\"";
        String tokens = v2 ? "\"version\":\"v2\",\"positionIds\":\"[\\\"" + yes + "\\\", \\\"" + no + "\\\"]\","
                + clob : clob;
        return """
                {"id":"9%s","question":"Q %s?","conditionId":"%s","slug":"m-%s","active":true,"closed":%s,
                 "acceptingOrders":%s,%s"outcomes":"[\\"Yes\\", \\"No\\"]",
                 "outcomePrices":"[\\"%s\\", \\"%s\\"]",%s,"volume24hr":"10","liquidityNum":"500"}
                """.formatted(condition, condition, condition, condition, closed, !closed,
                uma == null ? "" : "\"umaResolutionStatus\":\"" + uma + "\",", yesPrice, noPrice, tokens);
    }

    /** A {@code /markets/keyset} page: the markets and the opaque cursor of the next page (null on the last). */
    static String keysetPage(String marketsArray, String nextCursor) {
        return "{\"markets\":" + marketsArray + ",\"next_cursor\":"
                + (nextCursor == null ? "null" : "\"" + nextCursor + "\"") + "}";
    }

    static String array(List<String> items) {
        return items.stream().collect(Collectors.joining(",", "[", "]"));
    }

    static String gammaPage(int from, int count) {
        return array(IntStream.range(from, from + count)
                .mapToObj(i -> gammaMarket("m" + i, 1_000_000 - i, false, null, "e" + i)).toList());
    }

    /** A Data API v1 trade row; size and price as strings, as the API sometimes sends them. */
    static String trade(String tx, String wallet, String asset, String side, double size, double price, long ts) {
        return """
                {"proxyWallet":"%s","side":"%s","asset":"%s","conditionId":"0xcond1","size":"%s","price":"%s",
                 "timestamp":%d,"title":"Question 1?","slug":"market-1","eventSlug":"event-1","outcome":"Yes",
                 "outcomeIndex":0,"name":"whale","pseudonym":"Big-Whale","transactionHash":"%s"}
                """.formatted(wallet, side, asset, size, price, ts, tx);
    }

    static String book(String asset, String bid, String ask) {
        return """
                {"market":"0xcond1","asset_id":"%s","timestamp":"1764000000000","hash":"h",
                 "bids":[{"price":"%s","size":"100"}],"asks":[{"price":"%s","size":"120"}],
                 "min_order_size":"5","tick_size":"0.01","neg_risk":false}
                """.formatted(asset, bid, ask);
    }

    /** Records every delivery. */
    static final class RecordingFeed implements MarketFeed {
        final List<List<Market>> markets = new ArrayList<>();
        final List<List<OrderBook>> books = new ArrayList<>();
        final List<Trade> trades = new ArrayList<>();
        RuntimeException failNext;

        @Override
        public synchronized List<Signal> onMarkets(List<Market> m, Instant capturedAt) {
            markets.add(m);
            return List.of();
        }

        @Override
        public synchronized List<Signal> onBooks(List<OrderBook> b, Instant capturedAt) {
            books.add(b);
            return List.of();
        }

        @Override
        public synchronized List<Signal> onTrades(List<Trade> t, Instant capturedAt) {
            if (failNext != null) {
                RuntimeException e = failNext;
                failNext = null;
                throw e;
            }
            trades.addAll(t);
            return List.of();
        }
    }
}
