package betterbot.signals;

/** What a signal suggests a trader does. */
public enum RecommendedAction {
    FOLLOW_BUY, FOLLOW_SELL, BUY_ALL, SELL_ALL, BUY_FAVOURITE, WATCH
}
