package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import betterbot.signals.StoredSignal;
import betterbot.signals.detection.DetectionConfig;
import betterbot.signals.detection.Pipeline;
import betterbot.signals.detection.RiskConfig;
import betterbot.signals.market.ClobJson;
import betterbot.signals.market.DataApiJson;
import betterbot.signals.market.GammaJson;
import betterbot.signals.market.Market;
import betterbot.signals.market.OrderBook;
import betterbot.signals.market.Trade;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detectors' state kept in the database as the service wires it: a restart (store closed, a new pipeline
 * on the reopened file) neither repeats a signal nor loses one that would have formed without it.
 */
class RestartDetectionStateTest {
    static final Instant T0 = Instant.parse("2026-11-24T12:50:00Z");

    @TempDir
    Path dir;
    final List<StoredSignal> broadcast = new ArrayList<>();

    /** One run of the service's store and pipeline; close it to "restart". */
    private final class Run implements AutoCloseable {
        final SignalStore store = SignalStore.open(new StoreConfig(dir.resolve("signals.db")));
        final Pipeline pipeline = Pipeline.create(DetectionConfig.defaults(), RiskConfig.defaults(),
                Clock.fixed(T0, ZoneOffset.UTC), store.detectionState(broadcast::addAll));

        Run() {
            pipeline.onMarkets(markets(), T0);
        }

        @Override
        public void close() {
            store.close();
        }
    }

    static List<Market> markets() {
        return GammaJson.markets("""
                [{"conditionId": "0xc1", "slug": "rain", "question": "Will it rain?", "outcomes": "[\\"Yes\\", \\"No\\"]",
                  "clobTokenIds": "[\\"111\\", \\"222\\"]", "outcomePrices": "[\\"0.5\\", \\"0.5\\"]",
                  "endDate": "2026-12-31T00:00:00Z", "active": true, "closed": false, "acceptingOrders": true,
                  "liquidityNum": "250000", "volume24hr": "1000", "volume1wk": "7000"}]
                """).rows();
    }

    static Trade trade(String wallet, double shares, long second) {
        return DataApiJson.trades("""
                [{"proxyWallet": "%s", "side": "BUY", "asset": "111", "conditionId": "0xc1", "size": "%s",
                  "price": "0.6", "timestamp": %d, "slug": "rain", "outcome": "Yes", "transactionHash": "0xt%d"}]
                """.formatted(wallet, shares, T0.getEpochSecond() + second, second)).rows().get(0);
    }

    static List<OrderBook> wideBook(Instant at) {
        return ClobJson.books("""
                [{"market":"0xc1","asset_id":"111","timestamp":"%d","hash":"h",
                  "bids":[{"price":"0.40","size":"100"}],"asks":[{"price":"0.60","size":"120"}],
                  "min_order_size":"5","tick_size":"0.01","neg_risk":false}]
                """.formatted(at.toEpochMilli())).rows();
    }

    private static List<String> types(List<Signal> signals) {
        return signals.stream().map(s -> s.signalType().name()).toList();
    }

    @Test
    void aClusterHalfFormedBeforeARestartFormsAfterIt() {
        try (Run before = new Run()) {
            assertEquals(List.of("whale_trade", "whale_trade"), types(before.pipeline.onTrades(List.of(
                    trade("0xw1", 80_000, 0), trade("0xw2", 20_000, 10)), T0.plusSeconds(10))));
        }
        try (Run after = new Run()) {
            List<Signal> next = after.pipeline.onTrades(List.of(trade("0xw1", 90_000, 600),
                    trade("0xw3", 20_000, 620)), T0.plusSeconds(620));
            assertEquals(List.of("whale_trade", "whale_cluster"), types(next),
                    "0xw1 is still cooling down; 0xw3 completes the cluster begun before the restart");
            assertEquals(3, ((SignalType.WhaleCluster) next.get(1).signalType()).walletCount());
            assertEquals(4, after.store.count(), "two whales, the third, the cluster");
        }
        assertEquals(4, broadcast.size(), "the live stream saw each stored row once");
        assertEquals(List.of(1L, 2L, 3L, 4L), broadcast.stream().map(StoredSignal::seq).toList());
    }

    @Test
    void aRestartInsideAnOngoingWideSpreadAcrossAnHourBoundaryStoresNothingNew() {
        try (Run before = new Run()) {
            List<Signal> first = before.pipeline.onBooks(wideBook(T0.plusSeconds(300)), T0.plusSeconds(300));
            assertEquals(List.of("wide_spread"), types(first));
        }
        try (Run after = new Run()) {
            long held = after.store.count();
            Instant nextHour = Instant.parse("2026-11-24T13:01:00Z");
            assertEquals(List.of(), after.pipeline.onBooks(wideBook(nextHour), nextHour),
                    "the same spread, still wide: its start hour was remembered");
            assertEquals(held, after.store.count());
        }
    }

    @Test
    void aSpreadSeenAgainAfterABooksOutageLongerThanTheCooldownIsANewSituation() {
        String firstId;
        try (Run before = new Run()) {
            List<Signal> first = before.pipeline.onBooks(wideBook(T0.plusSeconds(300)), T0.plusSeconds(300));
            assertEquals(List.of("wide_spread"), types(first));
            firstId = first.get(0).id();
        }
        try (Run after = new Run()) {
            // the books source was down for 45 minutes, longer than the 30-minute cooldown: the spread had ended
            Instant back = T0.plusSeconds(300).plus(java.time.Duration.ofMinutes(45));
            List<Signal> again = after.pipeline.onBooks(wideBook(back), back);
            assertEquals(List.of("wide_spread"), types(again));
            assertEquals("wide_spread:0xc1:20261124T12", firstId);
            assertEquals("wide_spread:0xc1:20261124T13", again.get(0).id(), "a new situation, started this hour");
            assertEquals(2, after.store.count());
        }
    }
}
