package betterbot.signals.market;

/**
 * A market's taker fee schedule: per share, {@code fee = rate × (p·(1−p))^exponent}; makers pay nothing.
 *
 * @param rate the taker fee rate ({@code feeSchedule.rate} on Gamma)
 * @param exponent the curve's exponent ({@code feeSchedule.exponent}, 1 when Gamma omits it)
 */
public record FeeSchedule(double rate, double exponent) {
    /** A market whose fees are disabled ({@code feesEnabled: false}). */
    public static final FeeSchedule NONE = new FeeSchedule(0, 1);

    public FeeSchedule {
        if (!(rate >= 0) || !(exponent >= 0) || Double.isInfinite(rate) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("fee rate and exponent must be finite and ≥ 0, were " + rate + ", "
                    + exponent);
        }
    }

    /** The taker fee of one share bought or sold at {@code price}. */
    public double feePerShare(double price) {
        if (rate == 0 || price <= 0 || price >= 1) {
            return 0;
        }
        double variance = price * (1 - price);
        return rate * (exponent == 1 ? variance : Math.pow(variance, exponent));
    }
}
