package betterbot.signals.detection.internal;

import java.util.List;

/** A detector with state that must survive a restart: its parts, in a fixed order (their index names them). */
public interface Stateful {
    List<StateMap<?>> state();
}
