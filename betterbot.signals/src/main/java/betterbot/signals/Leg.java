package betterbot.signals;

/** One leg of an outcome-set (price deviation) trade: one token bought or sold at its top level. */
public record Leg(String marketSlug, String outcome, String assetId, double price, double size) {
}
