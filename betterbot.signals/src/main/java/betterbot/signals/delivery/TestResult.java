package betterbot.signals.delivery;

/**
 * What {@code betterbot deliveries test NAME} got back.
 *
 * @param status the HTTP status; 0 when no answer came
 * @param detail what happened, in words; never a secret
 */
public record TestResult(boolean delivered, int status, String detail) {
}
