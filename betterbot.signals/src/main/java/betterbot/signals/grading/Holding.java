package betterbot.signals.grading;

/**
 * One token a signal recommends holding, and what it cost at detection. A holding is either the token itself or
 * its complement in a binary market: buying NO at 1 − the YES price, as a follower of a SELL does and as a
 * {@code SELL_ALL} deviation does on every leg (a NO ask mirrors the YES bid, see docs/grading.md). Prices are
 * therefore always looked up by the token the signal names.
 *
 * @param assetId the outcome token whose price values this holding
 * @param complement true when the holding is the other outcome: worth 1 − that token's price, and it wins when
 *                   that token loses
 * @param entryPrice what the holding cost per share at detection
 */
public record Holding(String assetId, boolean complement, double entryPrice) {

    public Holding {
        if (assetId == null || assetId.isBlank()) {
            throw new IllegalArgumentException("a holding needs its token id");
        }
        if (!(entryPrice > 0 && entryPrice < 1)) {
            throw new IllegalArgumentException("an entry price must be within (0, 1), was " + entryPrice);
        }
    }

    /** The holding's value when its token trades at {@code tokenPrice}. */
    public double valueAt(double tokenPrice) {
        return complement ? 1 - tokenPrice : tokenPrice;
    }

    /** The holding's value at settlement: 1 when it won, 0 when it lost. */
    public double valueAtSettlement(boolean tokenWon) {
        return tokenWon != complement ? 1 : 0;
    }
}
