package betterbot.signals.sources.internal;

/**
 * A request whose answer ends the poll (throttled, failed, not the expected shape), carrying the poll's outcome.
 * Thrown by {@link Fetched#parse}; {@link Poller.Poll#run} turns it into the outcome, so no poll unwraps answers
 * itself. A poll whose requests fail one by one (a books batch, an event, a wallet) catches it to go on.
 */
final class PollStop extends Exception {
    private final transient Poller.Outcome outcome;

    PollStop(Poller.Outcome outcome) {
        super(null, null, false, false); // control flow, not an error: no stack trace
        this.outcome = outcome;
    }

    Poller.Outcome outcome() {
        return outcome;
    }
}
