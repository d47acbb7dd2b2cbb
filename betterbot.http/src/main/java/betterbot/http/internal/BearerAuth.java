package betterbot.http.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code API_TOKEN} check. Both tokens are hashed before the comparison: {@link MessageDigest#isEqual}
 * takes the same time for any two inputs of one length, and equal-length digests hide the token's length too.
 */
final class BearerAuth {
    private static final String CHALLENGE = "Bearer realm=\"betterbot\"";

    private final byte[] expected; // SHA-256 of the token; null when the API is open

    BearerAuth(String token) {
        this.expected = token == null ? null : sha256(token);
    }

    boolean enabled() {
        return expected != null;
    }

    /** Passes, or throws a 401 that names what is wrong but never echoes what was sent. */
    void check(Exchange exchange) {
        if (expected == null) {
            return;
        }
        String header = exchange.requestHeader("Authorization");
        if (header == null) {
            throw ApiError.unauthorized("this API needs an Authorization: Bearer <token> header", CHALLENGE);
        }
        String value = header.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiError.unauthorized("the Authorization header must use the Bearer scheme",
                    CHALLENGE + ", error=\"invalid_request\"");
        }
        if (!MessageDigest.isEqual(expected, sha256(value.substring(7).strip()))) {
            throw ApiError.unauthorized("the bearer token is not valid", CHALLENGE + ", error=\"invalid_token\"");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
