package betterbot.signals.sources;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the sources record what they fetch, and how much of it is kept (see docs/operations.md, Recording).
 *
 * @param dir the recording directory ({@code RECORD_DIR}); it holds other files untouched
 * @param maxBytes the recording files of {@code dir} together are kept under this ({@code RECORD_MAX_MB}); the
 *                 oldest whole files go first
 */
public record RecordConfig(Path dir, long maxBytes) {
    public static final long DEFAULT_MAX_MB = 1024;

    public RecordConfig {
        Objects.requireNonNull(dir, "dir");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
    }

    /** {@code maxMb} mebibytes. */
    public static RecordConfig megabytes(Path dir, long maxMb) {
        return new RecordConfig(dir, Math.multiplyExact(maxMb, 1024L * 1024));
    }
}
