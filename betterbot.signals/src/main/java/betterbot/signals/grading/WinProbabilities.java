package betterbot.signals.grading;

/**
 * What the risk manager asks for the win probability of a side it sizes. Implementations must be safe to call from
 * the detection thread while another thread replaces what they know.
 */
@FunctionalInterface
public interface WinProbabilities {

    /**
     * The probability that a side of a signal of {@code tier} wins.
     *
     * @param confidence the signal's own confidence: the prior
     * @param marketPrice what the side costs now, the probability the market gives it
     */
    Estimate estimate(Tier tier, double confidence, double marketPrice);

    /** No measured history: every estimate is the signal's own confidence, from zero settled grades. */
    static WinProbabilities prior() {
        return (tier, confidence, marketPrice) -> Estimate.prior(confidence, 0);
    }
}
