package betterbot.signals.sources;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What a {@link Recorder} has done since it started.
 *
 * @param currentFile the file being written; null before the first line, while paused and when off
 * @param lines responses recorded
 * @param bytes bytes written to disk (compressed)
 * @param dropped responses not recorded because the queue was full or recording was paused after an error
 * @param notJson responses not recorded because their body was not one JSON value
 * @param errors write failures (each pauses recording) and files that could not be deleted
 * @param filesDeleted old recording files deleted to stay under the size bound
 * @param pausedUntil when recording resumes after a write failure; null while recording
 */
public record RecorderStats(Path currentFile, long lines, long bytes, long dropped, long notJson, long errors,
                            long filesDeleted, Instant pausedUntil) {
    /** The stats of a recorder that is off. */
    public static final RecorderStats OFF = new RecorderStats(null, 0, 0, 0, 0, 0, 0, null);
}
