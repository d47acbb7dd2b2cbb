package betterbot.signals.market;

/** One price level of an order book: a price (0..1) and the shares resting there. */
public record BookLevel(double price, double size) {
}
