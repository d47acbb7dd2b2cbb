package betterbot.signals.detection;

/**
 * The signals of a pipeline call could not be stored. Nothing of that call counts as delivered (fills, ids and
 * detection state are as before it), so the poll that fed it fails and the same input detected again gives the
 * same signals.
 */
public final class SignalsNotStoredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SignalsNotStoredException(int signals, RuntimeException cause) {
        super(signals + " signals not stored: " + cause.getMessage(), cause);
    }
}
