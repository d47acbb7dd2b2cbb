package betterbot.storage;

/** The database cannot be used: the start-up stops with this message and leaves the file as it was. */
public final class StoreOpenException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreOpenException(String message) {
        super(message);
    }

    public StoreOpenException(String message, Throwable cause) {
        super(message, cause);
    }
}
