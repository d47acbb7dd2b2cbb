package betterbot.signals;

import java.util.List;

/** Where the pipeline delivers scored, sized signals (the app stores them, then broadcasts the new ones). */
@FunctionalInterface
public interface SignalSink {
    void accept(List<Signal> signals);
}
