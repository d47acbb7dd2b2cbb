package betterbot.signals;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Set;

/**
 * What kind of signal this is, with the figures specific to that kind. On the wire a tagged union:
 * {@code {"type": "<name>", ...fields}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SignalType.WhaleTrade.class, name = SignalType.WHALE_TRADE),
    @JsonSubTypes.Type(value = SignalType.WhaleCluster.class, name = SignalType.WHALE_CLUSTER),
    @JsonSubTypes.Type(value = SignalType.TrackedWalletEntry.class, name = SignalType.TRACKED_WALLET_ENTRY),
    @JsonSubTypes.Type(value = SignalType.PriceDeviation.class, name = SignalType.PRICE_DEVIATION),
    @JsonSubTypes.Type(value = SignalType.ExpiryEdge.class, name = SignalType.EXPIRY_EDGE),
    @JsonSubTypes.Type(value = SignalType.VolumeSpike.class, name = SignalType.VOLUME_SPIKE),
    @JsonSubTypes.Type(value = SignalType.WideSpread.class, name = SignalType.WIDE_SPREAD),
})
public sealed interface SignalType {
    String WHALE_TRADE = "whale_trade";
    String WHALE_CLUSTER = "whale_cluster";
    String TRACKED_WALLET_ENTRY = "tracked_wallet_entry";
    String PRICE_DEVIATION = "price_deviation";
    String EXPIRY_EDGE = "expiry_edge";
    String VOLUME_SPIKE = "volume_spike";
    String WIDE_SPREAD = "wide_spread";

    /** Every type name this version knows, in the order of docs/domain.md, Signals. */
    List<String> NAMES = List.of(WHALE_TRADE, WHALE_CLUSTER, TRACKED_WALLET_ENTRY, PRICE_DEVIATION,
            EXPIRY_EDGE, VOLUME_SPIKE, WIDE_SPREAD);

    /** The wire name of this type, e.g. {@code whale_trade}. */
    String name();

    static boolean isKnown(String name) {
        return KNOWN.contains(name);
    }

    Set<String> KNOWN = Set.copyOf(NAMES);

    /** One taker trade of at least the whale threshold. */
    record WhaleTrade(String wallet, double usdSize, double shares, double price) implements SignalType {
        @Override
        public String name() {
            return WHALE_TRADE;
        }
    }

    /** Several distinct wallets taking the same market, outcome and side within a window. */
    record WhaleCluster(int walletCount, List<String> wallets, double totalUsd, Side side, String outcome,
                        int windowMinutes) implements SignalType {
        public WhaleCluster {
            wallets = List.copyOf(wallets);
        }

        @Override
        public String name() {
            return WHALE_CLUSTER;
        }
    }

    /** A trade by a wallet on the watch list. */
    record TrackedWalletEntry(String wallet, String walletLabel, double usdSize, double shares, double price)
            implements SignalType {
        @Override
        public String name() {
            return TRACKED_WALLET_ENTRY;
        }
    }

    /**
     * Executable outcome-set mispricing: the best asks of every outcome sum below one (buy all), or the
     * best bids sum above one (sell all). Exactly one of {@code askSum} and {@code bidSum} is set.
     */
    record PriceDeviation(int legsCount, Double askSum, Double bidSum, double edge, double edgeAfterFees,
                          double fillableSize) implements SignalType {
        @Override
        public String name() {
            return PRICE_DEVIATION;
        }
    }

    /** A market close to its end with a clear favourite. */
    record ExpiryEdge(double hoursToExpiry, String favouriteOutcome, double favouritePrice) implements SignalType {
        @Override
        public String name() {
            return EXPIRY_EDGE;
        }
    }

    /** 24 h volume far above the market's daily average over the last week. */
    record VolumeSpike(@JsonProperty("volume_24h") double volume24h, double baselineDailyVolume, double ratio)
            implements SignalType {
        @Override
        public String name() {
            return VOLUME_SPIKE;
        }
    }

    /** A wide gap between the best bid and the best ask. */
    record WideSpread(String outcome, double bestBid, double bestAsk, double spread) implements SignalType {
        @Override
        public String name() {
            return WIDE_SPREAD;
        }
    }
}
