package betterbot.signals.detection.internal;

import betterbot.signals.Side;
import betterbot.signals.Source;
import betterbot.signals.market.BookLevel;
import betterbot.signals.market.FeeSchedule;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Market data for detector tests: sensible open markets, trades and books, changed field by field. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
    static final String W1 = "0x1111111111111111111111111111111111111111";
    static final String W2 = "0x2222222222222222222222222222222222222222";
    static final String W3 = "0x3333333333333333333333333333333333333333";
    static final String W4 = "0x4444444444444444444444444444444444444444";
    static final String W5 = "0x5555555555555555555555555555555555555555";
    static final String W6 = "0x6666666666666666666666666666666666666666";
    static final String W7 = "0x7777777777777777777777777777777777777777";

    private Fixtures() {
    }

    static Trade trade(String wallet, String asset, Side side, double size, double price, Instant at) {
        String outcome = asset.endsWith("-no") ? "No" : "Yes";
        return new Trade("0xtx-" + wallet.substring(2, 6) + '-' + at.getEpochSecond() + '-' + asset, asset, "0xc1",
                wallet, side, size, price, at, outcome, outcome.equals("Yes") ? 0 : 1, "rain", "weather",
                "Will it rain?", Source.POLYMARKET, true);
    }

    /** A BUY of YES on market 0xc1 worth {@code usd} at 0.60. */
    static Trade buyYes(String wallet, double usd, Instant at) {
        return trade(wallet, "0xc1-yes", Side.BUY, usd / 0.6, 0.6, at);
    }

    static OrderBook book(String asset, double bid, double bidSize, double ask, double askSize) {
        List<BookLevel> bids = bid > 0 ? List.of(new BookLevel(bid, bidSize), new BookLevel(bid - 0.05, 1000))
                : List.of();
        List<BookLevel> asks = ask > 0 ? List.of(new BookLevel(ask + 0.05, 1000), new BookLevel(ask, askSize))
                : List.of();
        return new OrderBook(null, asset, T0.minusSeconds(2), bids, asks, 5.0, 0.01, "h-" + asset);
    }

    static MarketBuilder market(String conditionId) {
        return new MarketBuilder(conditionId);
    }

    /** Builds markets: open, YES/NO tokens {@code <id>-yes}/{@code <id>-no}, $250k liquidity, fees disabled. */
    static final class MarketBuilder {
        String id = "m";
        String question;
        String conditionId;
        String slug;
        String eventId;
        String eventSlug;
        String eventTitle;
        Instant endDate = T0.plusSeconds(30L * 86_400);
        boolean active = true;
        boolean closed;
        boolean acceptingOrders = true;
        boolean negRisk;
        String negRiskMarketId;
        boolean augmented;
        boolean placeholder;
        String questionId;
        List<String> outcomes = List.of("Yes", "No");
        List<Double> prices = List.of(0.5, 0.5);
        List<String> tokens;
        Double volume24h = 50_000.0;
        Double volume1wk = 350_000.0;
        Double liquidity = 250_000.0;
        FeeSchedule fees = FeeSchedule.NONE;
        Instant startDate = T0.minusSeconds(60L * 86_400);
        Instant gameStartTime;
        String sportsMarketType;
        String umaResolutionStatus;
        boolean eventLive;
        boolean eventEnded;

        MarketBuilder(String conditionId) {
            this.conditionId = conditionId;
            this.slug = "slug-" + conditionId;
            this.question = "Question " + conditionId + "?";
            this.tokens = List.of(conditionId + "-yes", conditionId + "-no");
        }

        MarketBuilder endDate(Instant v) { endDate = v; return this; }
        MarketBuilder active(boolean v) { active = v; return this; }
        MarketBuilder closed(boolean v) { closed = v; return this; }
        MarketBuilder acceptingOrders(boolean v) { acceptingOrders = v; return this; }
        MarketBuilder prices(double yes, double no) { prices = List.of(yes, no); return this; }
        MarketBuilder volumes(Double day, Double week) { volume24h = day; volume1wk = week; return this; }
        MarketBuilder liquidity(Double v) { liquidity = v; return this; }
        MarketBuilder fees(FeeSchedule v) { fees = v; return this; }
        MarketBuilder placeholder(boolean v) { augmented = true; placeholder = v; return this; }
        MarketBuilder questionId(String v) { questionId = v; return this; }
        MarketBuilder startDate(Instant v) { startDate = v; return this; }
        MarketBuilder augmented(boolean v) { augmented = v; return this; }
        MarketBuilder umaResolutionStatus(String v) { umaResolutionStatus = v; return this; }

        /** A sports market: its kick-off, its type, and whether its event is live or ended. */
        MarketBuilder game(Instant kickOff, boolean live, boolean ended) {
            gameStartTime = kickOff;
            sportsMarketType = "moneyline";
            eventLive = live;
            eventEnded = ended;
            return this;
        }

        /** Closed, with Gamma's settled prices: [1, 0] when YES won, [0, 1] when NO did. */
        MarketBuilder resolved(boolean yes) {
            closed = true;
            acceptingOrders = false;
            prices = yes ? List.of(1.0, 0.0) : List.of(0.0, 1.0);
            return this;
        }

        MarketBuilder negRisk(String eventId, String eventSlug) {
            negRisk = true;
            negRiskMarketId = eventId;
            this.eventId = eventId;
            this.eventSlug = eventSlug;
            this.eventTitle = "Event " + eventSlug;
            return this;
        }

        Market build() {
            return new Market(id, question, conditionId, slug, eventId, eventSlug, eventTitle, endDate, active, closed,
                    acceptingOrders, negRisk, negRiskMarketId, augmented, placeholder, questionId, null, outcomes,
                    prices, tokens, volume24h, volume1wk, liquidity, null, null, 5.0, 0.01, fees, startDate,
                    gameStartTime, sportsMarketType, umaResolutionStatus, eventLive, eventEnded);
        }
    }

    static MarketCache cache(Market... markets) {
        MarketCache cache = new MarketCache();
        for (Market m : markets) {
            cache.update(m);
        }
        return cache;
    }

    /** Runs a trade detector over trades, returning what it found. */
    static List<Detection> run(TradeDetector d, MarketCache cache, Trade... trades) {
        List<Detection> out = new ArrayList<>();
        for (Trade t : trades) {
            d.onTrade(t, cache, t.timestamp(), out); // seen as it happens
        }
        return out;
    }

    /** Runs a trade detector over trades whose page was received at {@code capturedAt}. */
    static List<Detection> runAt(TradeDetector d, MarketCache cache, Instant capturedAt, Trade... trades) {
        List<Detection> out = new ArrayList<>();
        for (Trade t : trades) {
            d.onTrade(t, cache, capturedAt, out);
        }
        return out;
    }

    static List<Detection> run(MarketDetector d, Instant at, Market m) {
        List<Detection> out = new ArrayList<>();
        d.onMarket(m, at, out);
        return out;
    }

    static List<Detection> run(BookDetector d, MarketCache cache, Instant at, OrderBook... books) {
        List<Detection> out = new ArrayList<>();
        d.onBooks(List.of(books), cache, at, out);
        return out;
    }
}
