package betterbot.signals.grading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.ProbabilitySource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalibratedWinProbabilitiesTest {
    static final Tier WHALE_75 = Tier.of("whale_trade", 0.75);

    /**
     * {@code n} settled whale trades of the 0.75 tier, each bought at {@code entry}, of which {@code hits} won: a
     * win returns 1 / entry − 1, a loss −1.
     */
    static List<GradedOutcome> settled(int n, int hits, double entry) {
        List<GradedOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean hit = i < hits;
            outcomes.add(new GradedOutcome("whale_trade", 0.75, entry, hit ? 1 / entry - 1 : -1, hit, null));
        }
        return outcomes;
    }

    static CalibratedWinProbabilities from(List<GradedOutcome> settled) {
        return CalibratedWinProbabilities.from(settled, CalibrationConfig.defaults());
    }

    @Test
    void aTierWithARealEdgeIsCalibratedAndShrunkTowardTheMarket() {
        // 30 of 40 won at 0.60: mean return 0.25, 95 % interval [0.016, 0.484]: the edge is above zero
        Estimate e = from(settled(40, 30, 0.6)).estimate(WHALE_75, 0.75, 0.6);
        assertEquals(ProbabilitySource.CALIBRATED, e.source());
        assertEquals(40, e.sampleSize());
        assertEquals(0.70, e.probability(), 1e-12); // (30 + 20 × 0.60) / (40 + 20)
        assertFalse(e.edgeUnproven());
    }

    @Test
    void fewerObservationsAreShrunkHarderTowardTheMarketPrice() {
        // 27 of 30 at 0.60 (mean return 0.5, lower bound > 0): (27 + 20 × 0.5) / 50 for a side priced 0.5 now
        Estimate e = from(settled(30, 27, 0.6)).estimate(WHALE_75, 0.75, 0.5);
        assertEquals(0.74, e.probability(), 1e-12);
        assertEquals(30, e.sampleSize());
        assertFalse(e.edgeUnproven());
    }

    @Test
    void aTierWhoseEdgeIsNotSignificantlyAboveZeroIsMarkedUnproven() {
        // 24 of 40 at 0.60 is exactly the market's 60 %: mean return 0
        Estimate none = from(settled(40, 24, 0.6)).estimate(WHALE_75, 0.75, 0.6);
        assertEquals(ProbabilitySource.CALIBRATED, none.source());
        assertTrue(none.edgeUnproven());
        assertEquals(0.6, none.probability(), 1e-12);
        // 28 of 40 (mean return 0.167) is a better record but its interval still reaches below zero
        assertTrue(from(settled(40, 28, 0.6)).estimate(WHALE_75, 0.75, 0.6).edgeUnproven());
    }

    @Test
    void aTierWithTooFewSettledGradesKeepsItsPrior() {
        Estimate e = from(settled(29, 29, 0.6)).estimate(WHALE_75, 0.75, 0.6);
        assertEquals(ProbabilitySource.PRIOR, e.source());
        assertEquals(0.75, e.probability());
        assertEquals(29, e.sampleSize());
        assertFalse(e.edgeUnproven());
    }

    @Test
    void tiersAreMeasuredSeparately() {
        CalibratedWinProbabilities p = from(settled(40, 30, 0.6));
        Estimate otherTier = p.estimate(Tier.of("whale_trade", 0.95), 0.95, 0.6);
        assertEquals(ProbabilitySource.PRIOR, otherTier.source());
        assertEquals(0, otherTier.sampleSize());
        assertEquals(ProbabilitySource.PRIOR, p.estimate(Tier.of("whale_cluster", 0.75), 0.75, 0.6).source());
    }

    @Test
    void theConfigurationSetsTheMinimumAndTheShrinkage() {
        CalibratedWinProbabilities strict = CalibratedWinProbabilities.from(settled(40, 30, 0.6),
                new CalibrationConfig(50, 20));
        assertEquals(ProbabilitySource.PRIOR, strict.estimate(WHALE_75, 0.75, 0.6).source());
        CalibratedWinProbabilities raw = CalibratedWinProbabilities.from(settled(40, 30, 0.6),
                new CalibrationConfig(30, 0));
        assertEquals(0.75, raw.estimate(WHALE_75, 0.75, 0.6).probability(), 1e-12, "k = 0: the raw hit rate");
        assertThrows(IllegalArgumentException.class, () -> new CalibrationConfig(1, 20));
        assertThrows(IllegalArgumentException.class, () -> new CalibrationConfig(30, -1));
    }

    @Test
    void thePriorAloneNeverCalibrates() {
        Estimate e = WinProbabilities.prior().estimate(WHALE_75, 0.75, 0.6);
        assertEquals(Estimate.prior(0.75, 0), e);
    }
}
