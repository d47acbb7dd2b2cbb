package betterbot.signals.delivery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.delivery.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a receiver checks: the body, the secret and the signed time; a replayed or tampered request fails. */
class WebhookSignatureTest {
    static final String SECRET = "whsec-0123456789abcdef";
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    static final byte[] BODY = "{\"id\":\"whale_trade:1\",\"seq\":7}".getBytes(StandardCharsets.UTF_8);
    static final Duration FIVE_MINUTES = WebhookSignature.DEFAULT_TOLERANCE;

    @Test
    void theHeaderIsTheHmacOfTimeDotBody() {
        // what a receiver computes: HMAC-SHA256(secret, "1796292000." + body)
        String header = WebhookSignature.sign(SECRET, NOW, BODY);
        // computed independently with Python's hmac module
        assertEquals("t=1796292000,sha256=ddfcb11c08f78bc04c639110857f7c2efac059e412dbd7f81cddbe075170eb61", header);
        assertTrue(WebhookSignature.verify(header, BODY, SECRET, NOW.plusSeconds(30), FIVE_MINUTES));
    }

    @Test
    void aTamperedBodyAWrongSecretOrAReplayLaterFails() {
        String header = WebhookSignature.sign(SECRET, NOW, BODY);
        byte[] tampered = "{\"id\":\"whale_trade:1\",\"seq\":8}".getBytes(StandardCharsets.UTF_8);
        assertFalse(WebhookSignature.verify(header, tampered, SECRET, NOW, FIVE_MINUTES));
        assertFalse(WebhookSignature.verify(header, BODY, "whsec-another-secret", NOW, FIVE_MINUTES));
        assertFalse(WebhookSignature.verify(header, BODY, SECRET, NOW.plus(Duration.ofMinutes(6)), FIVE_MINUTES),
                "the same request replayed six minutes later");
        String movedTime = header.replace("t=1796292000", "t=" + NOW.plusSeconds(400).getEpochSecond());
        assertFalse(WebhookSignature.verify(movedTime, BODY, SECRET, NOW.plusSeconds(400), FIVE_MINUTES),
                "the time is signed: a replay with a fresh t fails");
        for (String malformed : new String[] {null, "", "sha256=abc", "t=x,sha256=00", "t=1796292000,sha256=zz"}) {
            assertFalse(WebhookSignature.verify(malformed, BODY, SECRET, NOW, FIVE_MINUTES), malformed);
        }
    }
}
