package betterbot.signals.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature (see docs/delivery.md, Webhook signature): {@code X-BetterBot-Signature: t=<unix seconds>,
 * sha256=<hex>}, the HMAC-SHA256 with the destination's secret of {@code <t>.<raw body>}. The time is signed, so a
 * receiver that refuses old times refuses a captured request replayed later.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-BetterBot-Signature";
    public static final String ID_HEADER = "X-BetterBot-Signal-Id";
    /** How old a signed time a receiver should still accept, by default. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /** The header value for a body sent at {@code at}. */
    public static String sign(String secret, Instant at, byte[] body) {
        long t = at.getEpochSecond();
        return "t=" + t + ",sha256=" + HexFormat.of().formatHex(hmac(secret, t, body));
    }

    /**
     * Whether a header signs this body with this secret at a time within {@code tolerance} of {@code now}: what a
     * receiver checks. Constant-time in the signature.
     */
    public static boolean verify(String header, byte[] body, String secret, Instant now, Duration tolerance) {
        if (header == null) {
            return false;
        }
        Long t = null;
        byte[] given = null;
        for (String part : header.split(",")) {
            String p = part.strip();
            try {
                if (p.startsWith("t=")) {
                    t = Long.parseLong(p.substring(2));
                } else if (p.startsWith("sha256=")) {
                    given = HexFormat.of().parseHex(p.substring(7));
                }
            } catch (IllegalArgumentException malformed) {
                return false;
            }
        }
        if (t == null || given == null || Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            return false;
        }
        return MessageDigest.isEqual(hmac(secret, t, body), given);
    }

    private static byte[] hmac(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
