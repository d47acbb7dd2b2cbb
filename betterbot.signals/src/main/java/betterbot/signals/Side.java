package betterbot.signals;

/** The taker's side of a trade. Never an outcome: a BUY of NO is not a SELL of YES. */
public enum Side {
    BUY, SELL;

    /**
     * What a follower of a trade on this side at {@code price} pays: a BUY at p buys the outcome at p; a SELL of an
     * outcome at p is, for the follower, buying the other side at 1 − p (a SELL of YES at 0.03 follows as a BUY of
     * NO at 0.97), without the binary noise of the subtraction (1 − 0.3 is 0.7, not 0.7000000000000001). See
     * docs/domain.md, Follow signals.
     */
    public double followedPrice(double price) {
        return this == BUY ? price : Math.round((1 - price) * 1e9) / 1e9;
    }
}
