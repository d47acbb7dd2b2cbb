package betterbot.signals.grading;

import java.time.Instant;
import java.util.List;

/**
 * A horizon grade past its tolerance with no kept observation in range: the price history of its tokens within
 * [from, to] may still grade it (see docs/grading.md, Targeted requests).
 *
 * @param tokens every token the entry's holdings are valued by
 */
public record HistoryGap(String signalId, Horizon horizon, List<String> tokens, Instant from, Instant to) {
    public HistoryGap {
        tokens = List.copyOf(tokens);
    }
}
