package betterbot.http.internal;

/**
 * A request the API answers with an error status instead of a result.
 *
 * @param parameter the query parameter at fault, or null
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String error;
    final String parameter;

    private ApiError(int status, String error, String message, String parameter) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.parameter = parameter;
    }

    static ApiError badParameter(String parameter, String message) {
        return new ApiError(400, "bad_request", message, parameter);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message, null);
    }

    static ApiError methodNotAllowed(String method) {
        return new ApiError(405, "method_not_allowed", "method " + method + " is not allowed here", null);
    }

    static ApiError unavailable(String message) {
        return new ApiError(503, "unavailable", message, null);
    }
}
