package betterbot.signals.market;

import betterbot.signals.Side;
import betterbot.signals.Source;
import java.time.Instant;
import java.util.Objects;

/**
 * One fill from the Data API (or another trade feed). Trades have no id upstream; {@link #fillKey()} identifies one.
 *
 * @param assetId the outcome token traded (YES and NO are different tokens)
 * @param wallet the trader's proxy wallet, lower case
 * @param side the trader's side: BUY or SELL of {@code outcome}; never the outcome itself
 * @param size shares
 * @param price price per share, 0..1
 * @param timestamp when the fill happened (Data API seconds)
 * @param outcomeIndex the outcome's index in its market; null when absent or "not applicable" (the Data API's 999)
 * @param knownTaker the fill is known to be a taker's: it came from a feed that returns taker fills only (the
 *                   whale feed, {@code takerOnly=true}); false when the feed mixes maker and taker fills
 */
public record Trade(String transactionHash, String assetId, String conditionId, String wallet, Side side,
                    double size, double price, Instant timestamp, String outcome, Integer outcomeIndex, String slug,
                    String eventSlug, String title, Source source, boolean knownTaker) {

    public Trade {
        Objects.requireNonNull(assetId, "assetId");
        Objects.requireNonNull(wallet, "wallet");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(source, "source");
        transactionHash = transactionHash == null ? "" : transactionHash;
        wallet = wallet.toLowerCase(java.util.Locale.ROOT);
    }

    /** The same fill, marked as coming from a taker-only feed or not. */
    public Trade withKnownTaker(boolean taker) {
        return taker == knownTaker ? this : new Trade(transactionHash, assetId, conditionId, wallet, side, size, price,
                timestamp, outcome, outcomeIndex, slug, eventSlug, title, source, taker);
    }

    /** size × price, in USD. */
    public double usdSize() {
        return size * price;
    }

    /**
     * The fill's identity (docs/domain.md, Signal identity): transaction hash, asset, wallet, side, size, price
     * and time. The outcome token is part of it, so a YES and a NO fill at the same price are two fills.
     */
    public String fillKey() {
        return transactionHash + '|' + assetId + '|' + wallet + '|' + side + '|' + size + '|' + price + '|'
                + timestamp.getEpochSecond();
    }

    /**
     * A 64-bit hash of {@link #fillKey()} computed without building it: cheap enough to deduplicate every fill
     * of a busy feed, and wide enough that a window of a million fills collides with odds below 10⁻⁷.
     */
    public long fillHash() {
        long h = 0xcbf29ce484222325L;
        h = mix(h, transactionHash);
        h = mix(h, assetId);
        h = mix(h, wallet);
        h = mix(h, side.ordinal());
        h = mix(h, Double.doubleToLongBits(size));
        h = mix(h, Double.doubleToLongBits(price));
        h = mix(h, timestamp.getEpochSecond());
        return finish(h);
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return (h ^ 0x1f) * 0x100000001b3L; // field separator, so "ab"+"c" differs from "a"+"bc"
    }

    private static long mix(long h, long v) {
        return (h ^ finish(v)) * 0x100000001b3L;
    }

    private static long finish(long z) { // SplitMix64 finalizer: spreads every input bit over the whole word
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
