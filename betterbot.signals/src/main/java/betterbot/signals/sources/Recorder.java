package betterbot.signals.sources;

import betterbot.signals.sources.internal.DailyRecorder;
import java.time.Clock;
import java.time.Instant;

/**
 * Keeps what the live sources fetch as replay files, so that a user has their own history to replay and backtest
 * (see docs/operations.md, Recording). The sources hand it every upstream response they parsed, as received;
 * recording never holds up or fails a poll: a response that cannot be kept is counted in {@link #stats()} and
 * dropped.
 */
public interface Recorder extends AutoCloseable {
    /**
     * What a recorded response is: the {@code kind} of its replay line (see {@code detection.Replay}), and for a
     * trades page whether its fills are a taker-only query's.
     */
    enum Kind {
        /** A Gamma {@code /markets/keyset} page or a legacy {@code /markets} array. */
        GAMMA_MARKETS("gamma_markets", true),
        /**
         * A Gamma {@code /markets/keyset} page the grading loop asked for by id (resolutions and prices of graded
         * markets); a replay hands its markets to the grader only, as the live service does.
         */
        GRADING_MARKETS("grading_markets", true),
        /** A Gamma {@code GET /events/{id}} object, its markets nested. */
        GAMMA_EVENT("gamma_event", true),
        /** A CLOB {@code POST /books} array. */
        CLOB_BOOKS("clob_books", true),
        /** A Data API trades page of the whale feed ({@code takerOnly=true}: known taker fills). */
        DATA_TRADES("data_trades", true),
        /** A Data API trades page of a tracked wallet ({@code takerOnly=false}: maker and taker fills). */
        DATA_WALLET_TRADES("data_trades", false),
        /** A Hashdive {@code /get_latest_whale_trades} answer. */
        HASHDIVE_TRADES("hashdive_trades", true),
        /** An order event of the Dome-compatible stream, the whole message. */
        DOME_ORDERS("dome_orders", true);

        private final String wireName;
        private final boolean takerOnly;

        Kind(String wireName, boolean takerOnly) {
            this.wireName = wireName;
            this.takerOnly = takerOnly;
        }

        /** The replay line's {@code kind}. */
        public String wireName() {
            return wireName;
        }

        /** False only for a page whose line says {@code "taker_only": false}. */
        public boolean takerOnly() {
            return takerOnly;
        }
    }

    /** Records nothing; what the sources use when {@code RECORD_DIR} is not set. */
    Recorder OFF = new Recorder() {
        @Override
        public void record(Kind kind, Instant capturedAt, String body) {
        }

        @Override
        public RecorderStats stats() {
            return RecorderStats.OFF;
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "Recorder.OFF";
        }
    };

    /**
     * Takes one response to record; returns at once (it is written on the recorder's own thread) and never throws.
     *
     * @param capturedAt when the response was received: the replay clock of its line
     * @param body the response's JSON as received; a body that is not one JSON value is not recorded
     */
    void record(Kind kind, Instant capturedAt, String body);

    /** What has been recorded, dropped and deleted so far. */
    RecorderStats stats();

    /** Writes what is queued, completes the file being written and stops; later records are ignored. */
    @Override
    void close();

    /**
     * A recorder writing {@code config.dir()/betterbot-YYYY-MM-DD.N.jsonl.gz}: a new file at every start, every UTC
     * day and every tenth of the size bound, the oldest files deleted beyond the bound.
     *
     * @throws IllegalArgumentException when the directory cannot be created (it is when missing) or written in
     */
    static Recorder daily(RecordConfig config, Clock clock) {
        return DailyRecorder.start(config, clock);
    }
}
