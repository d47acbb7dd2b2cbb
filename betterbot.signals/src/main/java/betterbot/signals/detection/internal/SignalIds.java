package betterbot.signals.detection.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Deterministic signal ids (docs/domain.md, Signal identity): derived from what the signal is about, never from
 * a counter or the wall clock, so the same real-world event always yields the same id and the store's id dedup
 * absorbs repeats.
 */
final class SignalIds {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuuMMdd'T'HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private SignalIds() {
    }

    /** The first 128 bits of the SHA-256 of a key, in hex: stable across runs, JVMs and versions. */
    static String hash(String key) {
        byte[] digest = SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }

    /** The UTC hour a situation started in, e.g. {@code 20261124T12}: the window part of a situation id. */
    static String hour(Instant t) {
        return HOUR.format(t);
    }

    /** The UTC day, e.g. {@code 2026-11-24}. */
    static String day(Instant t) {
        return DAY.format(t);
    }
}
