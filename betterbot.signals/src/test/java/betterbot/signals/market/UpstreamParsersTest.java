package betterbot.signals.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.Side;
import betterbot.signals.Source;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamParsersTest {
    static final String GAMMA_MARKET = """
            {"id": "512345", "question": "Will it rain in London on 24 November?", "conditionId": "0xc1",
             "slug": "rain-london-nov-24", "endDate": "2026-11-24T23:00:00Z", "active": true, "closed": false,
             "acceptingOrders": true, "negRisk": false,
             "events": [{"id": "9001", "slug": "london-weather", "title": "London weather"}],
             "outcomes": "[\\"Yes\\", \\"No\\"]", "outcomePrices": "[\\"0.62\\", \\"0.38\\"]",
             "clobTokenIds": "[\\"111\\", \\"222\\"]", "volumeNum": "412000.5", "volume24hr": 120000,
             "volume1wk": "210000", "liquidityNum": "250000", "bestBid": "0.61", "bestAsk": 0.63,
             "orderMinSize": 5, "orderPriceMinTickSize": "0.01",
             "feesEnabled": true, "feeSchedule": {"rate": "0.02", "exponent": 1, "takerOnly": true}}
            """;

    @Test
    void aGammaMarketWithStringEncodedArraysAndStringNumbers() {
        Parsed<Market> p = GammaJson.markets("[" + GAMMA_MARKET + "]");
        assertEquals(0, p.skipped());
        Market m = p.rows().get(0);
        assertEquals("0xc1", m.conditionId());
        assertEquals("rain-london-nov-24", m.slug());
        assertEquals("london-weather", m.eventSlug());
        assertEquals(List.of("Yes", "No"), m.outcomes());
        assertEquals(List.of(0.62, 0.38), m.outcomePrices());
        assertEquals(List.of("111", "222"), m.tokenIds());
        assertEquals(120_000.0, m.volume24h());
        assertEquals(210_000.0, m.volume1wk());
        assertEquals(250_000.0, m.liquidity());
        assertEquals(0.63, m.bestAsk());
        assertEquals(0.01, m.tickSize());
        assertEquals(5.0, m.orderMinSize());
        assertEquals(Instant.parse("2026-11-24T23:00:00Z"), m.endDate());
        assertEquals(new FeeSchedule(0.02, 1), m.fees());
        assertTrue(m.isOpen());
        assertEquals(1, m.outcomeIndexOf("222"));
    }

    @Test
    void realArraysV2PositionIdsAndMissingFieldsAreAccepted() {
        Parsed<Market> p = GammaJson.markets("""
                [{"conditionId": "0xc2", "version": "v2", "outcomes": ["Yes", "No"], "positionIds": ["7", "8"]}]
                """);
        Market m = p.rows().get(0);
        assertEquals(List.of("7", "8"), m.tokenIds());
        assertEquals(List.of(), m.outcomePrices());
        assertNull(m.slug());
        assertNull(m.liquidity());
        assertNull(m.endDate());
        assertNull(m.fees(), "no schedule and no feesEnabled: unknown, not zero");
        assertTrue(m.active() && !m.closed() && m.acceptingOrders(), "absent flags do not close a market");
        assertEquals("0xc2", m.slugOrId());
    }

    @Test
    void feesDisabledMeansNoFeeRatherThanUnknown() {
        Market m = GammaJson.markets("[{\"conditionId\": \"0xc3\", \"feesEnabled\": false}]").rows().get(0);
        assertEquals(FeeSchedule.NONE, m.fees());
        assertEquals(0, m.fees().feePerShare(0.5));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"question\": \"no condition id\"}",
        "{\"conditionId\": \"0xbad\", \"outcomes\": \"[\\\"Yes\\\", \\\"No\\\"\"}",
        "{\"conditionId\": \"0xbad\", \"outcomes\": \"[\\\"Yes\\\", \\\"No\\\"]\", \"clobTokenIds\": \"[\\\"1\\\"]\"}",
        "{\"conditionId\": \"0xbad\", \"liquidityNum\": \"lots\"}",
        "{\"conditionId\": \"0xbad\", \"closed\": \"maybe\"}",
        "\"just a string\"",
    })
    void aMalformedMarketRowIsSkippedAndCountedNotThrown(String row) {
        Parsed<Market> p = GammaJson.markets("[" + row + ", {\"conditionId\": \"0xgood\"}]");
        assertEquals(1, p.skipped());
        assertEquals("0xgood", p.rows().get(0).conditionId());
    }

    @Test
    void placeholderOutcomesOfAugmentedEventsAreMarked() {
        Parsed<Market> p = GammaJson.markets("""
                [{"conditionId": "0xa", "negRisk": true, "groupItemTitle": "Person C",
                  "events": [{"slug": "e", "negRiskAugmented": true}]},
                 {"conditionId": "0xb", "negRisk": true, "groupItemTitle": "Alice Smith", "negRiskAugmented": true},
                 {"conditionId": "0xc", "negRisk": true, "groupItemTitle": "Person C"}]
                """);
        assertTrue(p.rows().get(0).placeholder());
        assertFalse(p.rows().get(1).placeholder());
        assertFalse(p.rows().get(2).placeholder(), "only augmented events hold placeholders");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-11-24T13:30:00Z         | 2026-11-24T13:30:00Z",
        "2026-11-24T13:30:00.000Z     | 2026-11-24T13:30:00Z",
        "2026-11-24 13:30:00+00       | 2026-11-24T13:30:00Z",
        "2026-11-24T14:30:00+01:00    | 2026-11-24T13:30:00Z",
    })
    void endDatesInTheShapesGammaSends(String text, String expected) {
        Market m = GammaJson.markets("[{\"conditionId\": \"0x1\", \"endDate\": \"" + text + "\"}]").rows().get(0);
        assertEquals(Instant.parse(expected), m.endDate());
    }

    @Test
    void aDateWithoutTimeOfDayIsAnUnknownEndNotMidnight() {
        assertNull(GammaJson.markets("[{\"conditionId\": \"0x1\", \"endDate\": \"2026-11-24\"}]").rows().get(0)
                .endDate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"error\": \"x\"}", "42", "not json at all"})
    void aBodyThatIsNotAnArrayThrows(String body) {
        assertThrows(IllegalArgumentException.class, () -> GammaJson.markets(body));
    }

    @Test
    void booksWithStringPricesAndUnorderedLevels() {
        Parsed<OrderBook> p = ClobJson.books("""
                [{"market": "0xc1", "asset_id": "111", "timestamp": "1795521600000", "hash": "h",
                  "bids": [{"price": "0.40", "size": "100"}, {"price": "0.48", "size": "30"}, {"price": "0.45", "size": "7"}],
                  "asks": [{"price": "0.60", "size": "50"}, {"price": "0.52", "size": "12.5"}, {"price": "0.55", "size": "0"}],
                  "min_order_size": "5", "tick_size": "0.01", "neg_risk": false}]
                """);
        OrderBook b = p.rows().get(0);
        assertEquals(new BookLevel(0.48, 30), b.bestBid(), "the best bid is the highest, wherever it sits");
        assertEquals(new BookLevel(0.52, 12.5), b.bestAsk());
        assertEquals(Instant.ofEpochMilli(1_795_521_600_000L), b.timestamp());
        assertEquals(5.0, b.minOrderSize());
        assertEquals(0.01, b.tickSize());
        assertEquals("0xc1", b.conditionId());
    }

    @Test
    void anEmptySideHasNoBestLevelAndAnEmptyLevelDoesNotCount() {
        OrderBook b = ClobJson.books("""
                [{"asset_id": "1", "bids": [], "asks": [{"price": "0.5", "size": "0"}]}]
                """).rows().get(0);
        assertNull(b.bestBid());
        assertNull(b.bestAsk());
    }

    @Test
    void aBookWithAMalformedLevelIsSkippedWhole() {
        Parsed<OrderBook> p = ClobJson.books("""
                [{"asset_id": "1", "bids": [{"price": "abc", "size": "1"}], "asks": []},
                 {"asset_id": "2", "bids": [{"price": "1.5", "size": "1"}]},
                 {"bids": []},
                 {"asset_id": "3", "asks": "[]"},
                 {"asset_id": "4", "bids": [{"price": "0.5", "size": "10"}]}]
                """);
        assertEquals(4, p.skipped());
        assertEquals("4", p.rows().get(0).assetId());
    }

    static final String V1_TRADE = """
            {"proxyWallet": "0xABCdef0000000000000000000000000000000001", "side": "BUY", "asset": "111",
             "conditionId": "0xc1", "size": 80000, "price": "0.6", "timestamp": 1795521600,
             "title": "Will it rain?", "slug": "rain", "eventSlug": "weather", "outcome": "Yes", "outcomeIndex": 0,
             "name": "whale", "pseudonym": "Big-Fish", "transactionHash": "0xt1"}
            """;

    @Test
    void v1TradesBareArrayCamelCase() {
        Trade t = DataApiJson.trades("[" + V1_TRADE + "]").rows().get(0);
        assertEquals("0xabcdef0000000000000000000000000000000001", t.wallet(), "wallets are lower case");
        assertEquals(Side.BUY, t.side());
        assertEquals("111", t.assetId());
        assertEquals(80_000, t.size());
        assertEquals(0.6, t.price());
        assertEquals(48_000, t.usdSize(), 1e-9);
        assertEquals(Instant.ofEpochSecond(1_795_521_600L), t.timestamp());
        assertEquals("Yes", t.outcome());
        assertEquals(0, t.outcomeIndex());
        assertEquals("weather", t.eventSlug());
        assertEquals("0xt1", t.transactionHash());
        assertEquals(Source.POLYMARKET, t.source());
    }

    @Test
    void v2TradesPageWithSnakeCaseRows() {
        Parsed<Trade> p = DataApiJson.trades("""
                {"data": [{"proxy_wallet": "0xA1", "side": "sell", "token_id": "222", "condition_id": "0xc1",
                           "size": "150.5", "price": "0.38", "timestamp": "1795521601", "outcome": "No",
                           "outcome_index": "1", "event_slug": "weather", "transaction_hash": "0xt2"},
                          {"proxy_wallet": "0xA2", "side": "BUY"}],
                 "pagination": {"limit": 100, "has_more": true, "next_cursor": "abc"}}
                """);
        assertEquals(1, p.skipped());
        Trade t = p.rows().get(0);
        assertEquals("0xa1", t.wallet());
        assertEquals(Side.SELL, t.side());
        assertEquals("222", t.assetId());
        assertEquals("0xc1", t.conditionId());
        assertEquals(150.5, t.size());
        assertEquals(1, t.outcomeIndex());
        assertEquals("weather", t.eventSlug());
        assertEquals("0xt2", t.transactionHash());
    }

    @Test
    void aV2ErrorObjectIsAnErrorNotAnEmptyPage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataApiJson.trades(
                "{\"error\": \"rate limited\", \"code\": 429, \"retryable\": true, \"trace_id\": \"t\"}"));
        assertTrue(e.getMessage().contains("rate limited"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"side\": \"YES\"", // an outcome is not a side
        "\"price\": \"1.2\"",
        "\"price\": \"0\"",
        "\"size\": \"-3\"",
        "\"timestamp\": \"yesterday\"",
        "\"proxyWallet\": null",
    })
    void aMalformedTradeRowIsSkipped(String override) {
        String row = V1_TRADE.replaceFirst("\"" + override.substring(1, override.indexOf("\":")) + "\": [^,]*,",
                override + ",");
        Parsed<Trade> p = DataApiJson.trades("[" + row + "," + V1_TRADE + "]");
        assertEquals(1, p.skipped(), row);
        assertEquals(1, p.rows().size());
    }

    @Test
    void yesAndNoFillsAtTheSamePriceAreTwoFills() {
        Trade yes = DataApiJson.trades("[" + V1_TRADE + "]").rows().get(0);
        Trade no = DataApiJson.trades("[" + V1_TRADE.replace("\"asset\": \"111\"", "\"asset\": \"222\"") + "]")
                .rows().get(0);
        assertNotEquals(yes.fillKey(), no.fillKey());
        assertNotEquals(yes.fillHash(), no.fillHash());
        Trade again = DataApiJson.trades("[" + V1_TRADE.replace("\"size\": 80000", "\"size\": \"80000.0\"") + "]")
                .rows().get(0);
        assertEquals(yes.fillKey(), again.fillKey(), "the same fill however its numbers are spelled");
        assertEquals(yes.fillHash(), again.fillHash());
    }

    /** A sports market of 2026 as Gamma sends it: v2 ids beside the old ones, its kick-off in its own format. */
    static final String SPORTS_MARKET = """
            {"id": "601122", "question": "Harbour City FC vs. North Rovers", "conditionId": "0xs1",
             "slug": "hcfc-nrov-2026-11-24", "startDate": "2026-11-20T10:00:00Z", "createdAt": "2026-11-19T09:00:00Z",
             "endDate": "2026-11-24T15:00:00Z", "gameStartTime": "2026-11-24 15:00:00+00",
             "sportsMarketType": "moneyline", "umaResolutionStatus": "Proposed", "version": "v2",
             "outcomes": "[\\"Yes\\", \\"No\\"]", "outcomePrices": "[\\"0.755\\", \\"0.245\\"]",
             "clobTokenIds": "[\\"111\\", \\"222\\"]", "positionIds": "[\\"9001\\", \\"9002\\"]",
             "events": [{"id": "77", "slug": "hcfc-nrov", "title": "Harbour City FC vs. North Rovers",
                         "live": true, "ended": false, "score": "1-0", "period": "2H"}]}
            """;

    @Test
    void aV2MarketTradesItsPositionIdsEvenBesideDifferentClobTokenIds() {
        Market m = GammaJson.markets("[" + SPORTS_MARKET + "]").rows().get(0);
        assertEquals(List.of("9001", "9002"), m.tokenIds());
        Market v1 = GammaJson.markets("[" + SPORTS_MARKET.replace("\"version\": \"v2\",", "") + "]").rows()
                .get(0);
        assertEquals(List.of("111", "222"), v1.tokenIds(), "without version v2 the clobTokenIds are the tokens");
    }

    @Test
    void sportsFieldsKickOffInItsOwnFormatResolutionStatusAndTheEventsState() {
        Market m = GammaJson.markets("[" + SPORTS_MARKET + "]").rows().get(0);
        assertEquals(Instant.parse("2026-11-24T15:00:00Z"), m.gameStartTime());
        assertEquals("moneyline", m.sportsMarketType());
        assertEquals("proposed", m.umaResolutionStatus(), "compared in lower case");
        assertTrue(m.eventLive());
        assertFalse(m.eventEnded());
        assertTrue(m.isSports());
        assertEquals(Instant.parse("2026-11-20T10:00:00Z"), m.startDate());
        Market plain = GammaJson.markets("[" + GAMMA_MARKET + "]").rows().get(0);
        assertFalse(plain.isSports());
        assertNull(plain.umaResolutionStatus());
        assertNull(plain.startDate(), "no startDate, no createdAt: age unknown");
    }

    @Test
    void aMarketsAgeFallsBackToCreatedAtAndItsEndDateToItsEvents() {
        Market m = GammaJson.markets("""
                [{"conditionId": "0xc9", "createdAt": "2026-11-19T09:00:00.123Z",
                  "events": [{"id": "5", "endDate": "2026-12-31T12:00:00Z"}]}]
                """).rows().get(0);
        assertEquals(Instant.parse("2026-11-19T09:00:00.123Z"), m.startDate());
        assertEquals(Instant.parse("2026-12-31T12:00:00Z"), m.endDate());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "false | [\"0.6\", \"0.4\"] | UNRESOLVED",
        "true  | [\"1\", \"0\"]     | YES",
        "true  | [\"0\", \"1\"]     | NO",
        "true  | [\"0.02\", \"0.98\"] | UNKNOWN",
        "true  |                        | UNKNOWN",
    })
    void theResolutionOfAClosedMarketComesFromItsSettledPrices(boolean closed, String prices, Market.Resolution r) {
        String pricesField = prices == null ? "" : ", \"outcomePrices\": \"" + prices.replace("\"", "\\\"") + "\"";
        Market m = GammaJson.markets("[{\"conditionId\": \"0xr\", \"closed\": " + closed
                + ", \"outcomes\": \"[\\\"Yes\\\", \\\"No\\\"]\"" + pricesField + "}]").rows().get(0);
        assertEquals(r, m.resolution());
    }

    @Test
    void aKeysetPageIsReadLikeTheLegacyArray() {
        Parsed<Market> p = GammaJson.markets("{\"markets\": [" + GAMMA_MARKET + "], \"next_cursor\": \"MTAw\"}");
        assertEquals(List.of("0xc1"), p.rows().stream().map(Market::conditionId).toList());
        assertEquals(List.of(), GammaJson.markets("{\"markets\": null, \"next_cursor\": null}").rows());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Person A | true", "Player BC | true", "Candidate Z | true", "Team A | true",
        "Party of Regions | false", "Team GB | false", "Person Alpha | false", "person a | false",
        "Alice Smith | false", "Other | false",
    })
    void placeholderNamesAreCategoryWordsAndLettersNotRealNames(String name, boolean placeholder) {
        Market m = GammaJson.markets("[{\"conditionId\": \"0xp\", \"negRisk\": true, \"negRiskAugmented\": true,"
                + " \"groupItemTitle\": \"" + name + "\"}]").rows().get(0);
        assertEquals(placeholder, m.placeholder(), name);
    }

    @Test
    void outcomeIndex999IsNotApplicableAndParsedAsUnknown() {
        Parsed<Trade> p = DataApiJson.trades("""
                {"data": [{"proxy_wallet": "0xa1", "side": "BUY", "token_id": "222", "condition_id": "0xc1",
                           "size": "100", "price": "0.4", "timestamp": 1795521601, "outcome_index": 999},
                          {"proxy_wallet": "0xa1", "side": "BUY", "token_id": "222", "condition_id": "0xc1",
                           "size": "100", "price": "0.4", "timestamp": 1795521602, "outcome_index": -1}],
                 "pagination": {"limit": 100, "has_more": false, "next_cursor": null}}
                """);
        assertEquals(0, p.skipped());
        assertNull(p.rows().get(0).outcomeIndex());
        assertNull(p.rows().get(1).outcomeIndex());
        assertNull(DataApiJson.trades("[" + V1_TRADE.replace("\"outcomeIndex\": 0", "\"outcomeIndex\": 999")
                + "]").rows().get(0).outcomeIndex());
    }

    @Test
    void activityRowsThatAreNotTradesAreLeftOutWithoutCountingAsMalformed() {
        Parsed<Trade> p = DataApiJson.trades("""
                [{"proxyWallet": "0xa1", "type": "REDEEM", "side": "", "asset": "111", "conditionId": "0xc1",
                  "size": 500, "usdcSize": 500, "price": 0, "timestamp": 1795521600, "transactionHash": "0xr"},
                 {"proxyWallet": "0xa1", "type": "SPLIT", "side": "", "size": 10, "price": 0, "timestamp": 1795521601},
                 {"proxyWallet": "0xa1", "type": "MERGE", "side": "", "size": 10, "price": 0, "timestamp": 1795521602},
                 {"proxyWallet": "0xa1", "type": "TRADE", "side": "BUY", "asset": "111", "conditionId": "0xc1",
                  "size": 100, "usdcSize": 40, "price": 0.4, "timestamp": 1795521603, "transactionHash": "0xt"}]
                """);
        assertEquals(0, p.skipped(), "a redemption is not a malformed trade");
        assertEquals(List.of("0xt"), p.rows().stream().map(Trade::transactionHash).toList());
    }

    @Test
    void aV2PageWithDataNullIsAnEmptyPage() {
        Parsed<Trade> p = DataApiJson.trades("""
                {"data": null, "pagination": {"limit": 100, "has_more": false, "next_cursor": null}}
                """);
        assertEquals(List.of(), p.rows());
        assertEquals(0, p.skipped());
        assertThrows(IllegalArgumentException.class, () -> DataApiJson.trades("{\"pagination\": {}}"),
                "an object without data is not a trades page");
    }

    @Test
    void theFeedSaysWhetherItsFillsAreKnownTakers() {
        assertTrue(DataApiJson.trades("[" + V1_TRADE + "]", true).rows().get(0).knownTaker());
        assertFalse(DataApiJson.trades("[" + V1_TRADE + "]", false).rows().get(0).knownTaker());
    }
}
