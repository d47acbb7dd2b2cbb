package betterbot.signals.grading;

/**
 * One graded signal as the statistics see it: a signal's type and confidence with the result of one of its grades.
 *
 * @param entryPrice what the holdings cost at detection
 * @param returnPerDollar the grade's return
 * @param pnlUsd the grade's P&amp;L, or null when the signal was not sized
 */
public record GradedOutcome(String signalType, double confidence, double entryPrice, double returnPerDollar,
                            boolean hit, Double pnlUsd) {

    /** The outcome of an entry's graded grade. */
    public static GradedOutcome of(Entry entry, Grade grade) {
        if (!grade.isGraded()) {
            throw new IllegalArgumentException("a pending grade has no outcome yet");
        }
        return new GradedOutcome(entry.signalType(), entry.confidence(), entry.price(), grade.returnPerDollar(),
                grade.hit(), grade.pnlUsd());
    }

    /** The tier this outcome counts towards. */
    public Tier tier() {
        return Tier.of(signalType, confidence);
    }
}
