package betterbot.storage.internal;

import betterbot.signals.Signal;
import betterbot.signals.StoredSignal;
import betterbot.signals.detection.DetectionState;
import java.util.List;
import java.util.function.Consumer;

/**
 * The detectors' state in the signal database. A commit inserts the signals and applies the state changes in
 * one write transaction through the DatabaseThread; the rows that were new go to {@code stored} only after it
 * committed, so the live stream never shows a signal the store does not hold.
 */
final class SqliteDetectionState implements DetectionState {
    private final SignalWriter writer;
    private final Consumer<List<StoredSignal>> stored;

    SqliteDetectionState(SignalWriter writer, Consumer<List<StoredSignal>> stored) {
        this.writer = writer;
        this.stored = stored;
    }

    @Override
    public List<Entry> load() {
        return writer.loadDetectionState();
    }

    @Override
    public void commit(List<Signal> signals, Changes changes) {
        List<StoredSignal> added = writer.storeWithState(signals, changes);
        if (!added.isEmpty()) {
            stored.accept(added);
        }
    }
}
