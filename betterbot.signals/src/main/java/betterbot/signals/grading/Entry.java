package betterbot.signals.grading;

import betterbot.signals.Details;
import betterbot.signals.Leg;
import betterbot.signals.Side;
import betterbot.signals.Signal;
import betterbot.signals.SignalType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a signal recommends holding and what it cost when it was detected: the basis every grade of it is
 * measured against (see docs/grading.md, Entry price).
 *
 * <ul>
 *   <li>Follow signals (whale trade, whale cluster, tracked-wallet entry): one holding at the followed price, the
 *       trade's outcome at its price for a BUY, the opposite outcome at 1 − price for a SELL (as the risk manager
 *       sizes it).</li>
 *   <li>Price deviation: every leg together, each YES at its ask for {@code BUY_ALL}, each NO at 1 − its YES bid for
 *       {@code SELL_ALL}; the set's value is the sum of its legs' values.</li>
 *   <li>Expiry edge: the favourite at its price.</li>
 *   <li>Volume spike and wide spread recommend no side: they are not graded.</li>
 * </ul>
 *
 * @param signalType the signal's type name, e.g. {@code whale_trade}
 * @param confidence the signal's confidence, judged against outcomes by the Brier score and calibration table
 * @param holdings what is held, at least one
 * @param sizeUsd the signal's {@code recommended_size_usd}, or null when it was not sized
 */
public record Entry(String signalId, String signalType, double confidence, List<Holding> holdings, Double sizeUsd,
                    Instant detectedAt) {
    /** The types whose signals recommend a side and are graded, in the order of {@link SignalType#NAMES}. */
    public static final List<String> GRADED_TYPES = List.of(SignalType.WHALE_TRADE, SignalType.WHALE_CLUSTER,
            SignalType.TRACKED_WALLET_ENTRY, SignalType.PRICE_DEVIATION, SignalType.EXPIRY_EDGE);

    public Entry {
        holdings = List.copyOf(holdings);
        if (holdings.isEmpty()) {
            throw new IllegalArgumentException("an entry holds at least one token");
        }
    }

    /** The entry of a signal that recommends a side, or empty for a signal without one or without its prices. */
    public static Optional<Entry> of(Signal signal) {
        List<Holding> holdings = holdings(signal.signalType(), signal.details());
        if (holdings.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Entry(signal.id(), signal.signalType().name(), signal.confidence(), holdings,
                signal.details().recommendedSizeUsd(), signal.detectedAt()));
    }

    /** What the holdings cost together at detection, per set of one share of each. */
    public double price() {
        double sum = 0;
        for (Holding h : holdings) {
            sum += h.entryPrice();
        }
        return sum;
    }

    private static List<Holding> holdings(SignalType type, Details d) {
        return switch (type) {
            case SignalType.WhaleTrade w -> follow(d);
            case SignalType.WhaleCluster c -> follow(d);
            case SignalType.TrackedWalletEntry t -> follow(d);
            case SignalType.PriceDeviation p -> legs(p.askSum() != null, d.legs());
            case SignalType.ExpiryEdge e -> d.assetId() == null ? List.of()
                    : List.of(new Holding(d.assetId(), false, e.favouritePrice()));
            case SignalType.VolumeSpike v -> List.of();
            case SignalType.WideSpread w -> List.of();
        };
    }

    private static List<Holding> follow(Details d) {
        if (d.assetId() == null || d.side() == null || d.currentPrice() == null) {
            return List.of();
        }
        double price = d.side().followedPrice(d.currentPrice());
        return priced(price) ? List.of(new Holding(d.assetId(), d.side() == Side.SELL, price)) : List.of();
    }

    private static List<Holding> legs(boolean buying, List<Leg> legs) {
        if (legs == null || legs.isEmpty()) {
            return List.of();
        }
        List<Holding> holdings = new ArrayList<>(legs.size());
        for (Leg leg : legs) {
            // selling every YES at its bid is, for the holder, buying every NO at 1 − bid
            double price = buying ? leg.price() : Side.SELL.followedPrice(leg.price());
            if (leg.assetId() == null || !priced(price)) {
                return List.of(); // a set with a leg that cannot be valued cannot be graded as a set
            }
            holdings.add(new Holding(leg.assetId(), !buying, price));
        }
        return holdings;
    }

    private static boolean priced(double price) {
        return price > 0 && price < 1;
    }
}
