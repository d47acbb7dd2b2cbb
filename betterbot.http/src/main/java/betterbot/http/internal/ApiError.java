package betterbot.http.internal;

/**
 * A request the API answers with an error status instead of a result; always sent as
 * {@code {"error": ..., "message": ..., "parameter": ...}}.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String error;
    /** The query parameter or request header at fault, or null. */
    final String parameter;
    /** The {@code WWW-Authenticate} challenge of a 401, or null. */
    final String challenge;
    /** The {@code Retry-After} of a 503 in seconds, or 0 for none. */
    final int retryAfterSeconds;

    private ApiError(int status, String error, String message, String parameter, String challenge) {
        this(status, error, message, parameter, challenge, 0);
    }

    private ApiError(int status, String error, String message, String parameter, String challenge,
                     int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.parameter = parameter;
        this.challenge = challenge;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiError badParameter(String parameter, String message) {
        return new ApiError(400, "bad_request", message, parameter, null);
    }

    static ApiError unauthorized(String message, String challenge) {
        return new ApiError(401, "unauthorized", message, null, challenge);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message, null, null);
    }

    static ApiError methodNotAllowed(String method) {
        return new ApiError(405, "method_not_allowed", "method " + method + " is not allowed here", null, null);
    }

    static ApiError payloadTooLarge(long limit) {
        return new ApiError(413, "payload_too_large", "request bodies are limited to " + limit + " bytes", null, null);
    }

    static ApiError unavailable(String message) {
        return new ApiError(503, "unavailable", message, null, null);
    }

    /** Busy, not broken: the client should come back after {@code retryAfterSeconds}. */
    static ApiError busy(String message, int retryAfterSeconds) {
        return new ApiError(503, "unavailable", message, null, null, retryAfterSeconds);
    }

    static ApiError internal() {
        return new ApiError(500, "internal_error", "the server failed to answer this request; see its log", null,
                null);
    }
}
