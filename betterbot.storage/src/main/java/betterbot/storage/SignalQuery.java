package betterbot.storage;

import betterbot.signals.Source;
import java.time.Instant;

/**
 * A filtered page of signals. Null filters do not apply. Pages run newest first and continue with
 * {@code beforeSeq}; a query with only {@code afterSeq} runs oldest first from that cursor (catching up).
 *
 * @param type a signal type name, e.g. {@code whale_trade}
 * @param market a market (or event) slug
 * @param since only signals detected at or after this time
 * @param beforeSeq only signals with a smaller seq
 * @param afterSeq only signals with a greater seq
 */
public record SignalQuery(String type, Source source, String market, Double minConfidence, Instant since,
                          Long beforeSeq, Long afterSeq, int limit) {
    public static final int MAX_LIMIT = 1000;

    public SignalQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be within 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    public static SignalQuery newest(int limit) {
        return new SignalQuery(null, null, null, null, null, null, null, limit);
    }

    /** True when the page runs oldest first (only an after cursor given). */
    public boolean ascending() {
        return afterSeq != null && beforeSeq == null;
    }

    public SignalQuery withType(String t) {
        return new SignalQuery(t, source, market, minConfidence, since, beforeSeq, afterSeq, limit);
    }

    public SignalQuery withSource(Source s) {
        return new SignalQuery(type, s, market, minConfidence, since, beforeSeq, afterSeq, limit);
    }

    public SignalQuery withMarket(String m) {
        return new SignalQuery(type, source, m, minConfidence, since, beforeSeq, afterSeq, limit);
    }

    public SignalQuery withMinConfidence(Double c) {
        return new SignalQuery(type, source, market, c, since, beforeSeq, afterSeq, limit);
    }

    public SignalQuery withSince(Instant t) {
        return new SignalQuery(type, source, market, minConfidence, t, beforeSeq, afterSeq, limit);
    }

    public SignalQuery withBeforeSeq(Long seq) {
        return new SignalQuery(type, source, market, minConfidence, since, seq, afterSeq, limit);
    }

    public SignalQuery withAfterSeq(Long seq) {
        return new SignalQuery(type, source, market, minConfidence, since, beforeSeq, seq, limit);
    }
}
