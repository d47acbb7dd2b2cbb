package betterbot.storage;

import betterbot.signals.StoredSignal;
import java.util.List;

/**
 * One page of signals.
 *
 * @param nextCursor the seq to pass as {@code beforeSeq} (newest-first pages) or {@code afterSeq}
 *                   (oldest-first pages) for the next page; null when this page is the last
 */
public record SignalPage(List<StoredSignal> signals, Long nextCursor) {
    public SignalPage {
        signals = List.copyOf(signals);
    }
}
