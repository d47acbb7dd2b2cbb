package betterbot.signals.sources.internal;

import betterbot.signals.sources.Recorder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The one way BetterBot talks HTTP to an upstream: always a User-Agent, a connect timeout and a per-request
 * timeout; answers are classified into {@link Fetched} so pollers never see exceptions for ordinary failures.
 * Blocking {@code send} on a virtual thread unmounts it, so pollers may call this directly.
 */
final class UpstreamHttp implements AutoCloseable {
    static final String USER_AGENT = "BetterBot/0.1 (+self-hosted signal service)";
    private static final int MAX_ERROR_TEXT = 200;

    private final Duration connectTimeout;
    /**
     * Built at the first request, not with the sources: building an HttpClient sets up TLS, a few hundred
     * milliseconds on a small VM that would otherwise delay the service's first /health answer.
     */
    private HttpClient client;
    private boolean closed;
    private final Duration requestTimeout;
    private final Clock clock;
    private final Recorder recorder;

    UpstreamHttp(Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this(connectTimeout, requestTimeout, clock, Recorder.OFF);
    }

    /** @param recorder where the bodies of the answers that parse are recorded ({@link Fetched#parse}) */
    UpstreamHttp(Duration connectTimeout, Duration requestTimeout, Clock clock, Recorder recorder) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        this.clock = clock;
        this.recorder = recorder;
    }

    Fetched get(URI uri, Map<String, String> headers) {
        return send(request(uri, headers).GET().build());
    }

    Fetched postJson(URI uri, String body, Map<String, String> headers) {
        return send(request(uri, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpRequest.Builder request(URI uri, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("User-Agent", USER_AGENT).header("Accept", "application/json");
        headers.forEach(b::header);
        return b;
    }

    /** The client, built at the first call; null once closed. */
    private synchronized HttpClient client() {
        if (client == null && !closed) {
            client = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return closed ? null : client;
    }

    private Fetched send(HttpRequest request) {
        HttpResponse<String> response;
        HttpClient c = client();
        if (c == null) {
            return new Fetched.Failure(0, "the sources are stopping", false);
        }
        try {
            response = c.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            return new Fetched.Failure(0, "connect timeout to " + request.uri().getHost(), true);
        } catch (HttpTimeoutException e) {
            return new Fetched.Failure(0, "no answer within " + requestTimeout.toSeconds() + " s", true);
        } catch (IOException e) {
            return new Fetched.Failure(0, "cannot reach " + request.uri().getHost() + ": " + describe(e), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched.Failure(0, "interrupted", false);
        }
        return classify(response.statusCode(), response.body(),
                response.headers().firstValue("Retry-After"), response.headers().firstValue("Content-Type"));
    }

    Fetched classify(int status, String body, Optional<String> retryAfter, Optional<String> contentType) {
        if (status >= 200 && status < 300) {
            return new Fetched.Body(body, clock.instant(), recorder);
        }
        if (status == 429 || status == 503) {
            return new Fetched.Throttled(status, retryAfter.map(this::parseRetryAfter).orElse(null));
        }
        boolean html = contentType.map(t -> t.contains("html")).orElse(false)
                || (body != null && body.stripLeading().startsWith("<"));
        String text = status == 403 && html ? "HTTP 403 with an HTML page (blocked region or Cloudflare)"
                : "HTTP " + status + reason(status) + (html ? " (HTML page)" : "");
        boolean retryable = status >= 500 || status == 408 || status == 425;
        return new Fetched.Failure(status, text, retryable, excerpt(body));
    }

    /** Retry-After as delta seconds or an HTTP date; null when unreadable. */
    Duration parseRetryAfter(String value) {
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /** Ends requests in flight and the client's selector thread; the sources stop it on their way out. */
    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.shutdownNow();
        }
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() > MAX_ERROR_TEXT ? oneLine.substring(0, MAX_ERROR_TEXT) + "…" : oneLine;
    }

    /** The reason phrase of the statuses upstreams answer with; the body is never part of a message. */
    private static String reason(int status) {
        return switch (status) {
            case 400 -> " Bad Request";
            case 401 -> " Unauthorized";
            case 403 -> " Forbidden";
            case 404 -> " Not Found";
            case 408 -> " Request Timeout";
            case 410 -> " Gone";
            case 422 -> " Unprocessable Content";
            case 500 -> " Internal Server Error";
            case 502 -> " Bad Gateway";
            case 504 -> " Gateway Timeout";
            default -> "";
        };
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
