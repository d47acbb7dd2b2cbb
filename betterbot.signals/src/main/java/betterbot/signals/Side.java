package betterbot.signals;

/** The taker's side of a trade. Never an outcome: a BUY of NO is not a SELL of YES. */
public enum Side {
    BUY, SELL
}
