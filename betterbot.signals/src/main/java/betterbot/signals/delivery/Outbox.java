package betterbot.signals.delivery;

import betterbot.signals.StoredSignal;
import java.util.List;
import java.util.OptionalLong;

/**
 * What delivery reads and writes durably (see docs/delivery.md, Guarantees): the stored signals by seq, and per
 * destination a cursor, the last seq it is done with, and the signals it could not take. The signal store is the
 * outbox: nothing is copied, so a destination that is down for long costs no memory.
 */
public interface Outbox {
    /** Stored signals with a seq above {@code seq}, oldest first. */
    List<StoredSignal> after(long seq, int limit);

    /** The highest seq stored; 0 when empty. */
    long lastSeq();

    /** A destination's cursor; empty before its first delivery. */
    OptionalLong cursor(String destination);

    /** Moves a destination's cursor to {@code seq} (never backwards). */
    void advance(String destination, long seq);

    /** Records a signal a destination refused for good and moves its cursor past it, in one transaction. */
    void undeliverable(String destination, StoredSignal signal, String reason);

    /** How many signals this destination refused for good, over its life. */
    long undeliverableCount(String destination);
}
