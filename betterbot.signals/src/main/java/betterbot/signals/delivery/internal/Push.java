package betterbot.signals.delivery.internal;

import betterbot.signals.SignalJson;
import betterbot.signals.StoredSignal;
import betterbot.signals.delivery.Destination;
import betterbot.signals.delivery.DestinationKind;
import betterbot.signals.delivery.WebhookSignature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * One destination's requests and how its service answers (see docs/delivery.md, Destinations): the signed
 * webhook POST, Telegram's sendMessage, Discord's webhook execute, and each one's way of saying "slow down".
 */
final class Push {
    private static final int EXCERPT = 200;

    private final Destination destination;
    private final Duration timeout;
    private final Clock clock;
    private final URI target;

    Push(Destination destination, Duration timeout, Clock clock) {
        this.destination = destination;
        this.timeout = timeout;
        this.clock = clock;
        this.target = switch (destination.kind()) {
            case WEBHOOK, DISCORD -> destination.url();
            case TELEGRAM -> URI.create(stripSlash(destination.url().toString()) + "/bot" + destination.secret()
                    + "/sendMessage");
        };
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    HttpRequest forSignal(StoredSignal signal) {
        return switch (destination.kind()) {
            case WEBHOOK -> webhook(signal.toJson(), signal.id());
            case TELEGRAM -> post(Messages.telegramBody(signal, destination.chatId())).build();
            case DISCORD -> post(Messages.discordBody(signal)).build();
        };
    }

    HttpRequest forTest(Instant at) {
        return switch (destination.kind()) {
            case WEBHOOK -> {
                ObjectNode body = SignalJson.mapper().createObjectNode();
                body.put("test", true);
                body.put("destination", destination.name());
                body.put("text", Messages.testText(destination.name(), at));
                body.put("sent_at", at.toString());
                yield webhook(body.toString(), "test");
            }
            case TELEGRAM -> post(Messages.telegramTestBody(destination.chatId(), destination.name(), at)).build();
            case DISCORD -> post(Messages.discordTestBody(destination.name(), at)).build();
        };
    }

    private HttpRequest webhook(String json, String signalId) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(target).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "BetterBot")
                .header(WebhookSignature.HEADER, WebhookSignature.sign(destination.secret(), clock.instant(), body))
                .header(WebhookSignature.ID_HEADER, signalId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private HttpRequest.Builder post(String json) {
        return HttpRequest.newBuilder(target).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "BetterBot")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    }

    /** Reads an answer: 2xx delivered; 408, 429 and 5xx retried; any other status refused for good. */
    Attempt read(int status, HttpHeaders headers, String body) {
        if (status >= 200 && status < 300) {
            return Attempt.delivered(status);
        }
        String detail = "HTTP " + status + describe(body);
        if (status == 408 || status == 429 || status >= 500) {
            return new Attempt(Attempt.Outcome.RETRY, status, retryAfter(headers, body), detail);
        }
        return new Attempt(Attempt.Outcome.REFUSED, status, null, detail);
    }

    /** A network error or a timeout: retried. */
    Attempt failed(Exception e) {
        String what = e instanceof java.net.http.HttpTimeoutException ? "timed out after " + timeout.toSeconds() + " s"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new Attempt(Attempt.Outcome.RETRY, 0, null, redact(what));
    }

    /**
     * How long the service asked us to wait: the {@code Retry-After} header (seconds or an HTTP date) first, then
     * Telegram's {@code parameters.retry_after} or Discord's {@code retry_after} (seconds) in the body.
     */
    Duration retryAfter(HttpHeaders headers, String body) {
        String header = headers.firstValue("Retry-After").orElse(null);
        if (header != null) {
            Duration d = headerValue(header.strip());
            if (d != null) {
                return d;
            }
        }
        JsonNode json = json(body);
        if (json == null) {
            return null;
        }
        JsonNode seconds = json.path("parameters").path("retry_after");
        if (!seconds.isNumber()) {
            seconds = json.path("retry_after");
        }
        return seconds.isNumber() && seconds.asDouble() >= 0
                ? Duration.ofMillis((long) Math.ceil(seconds.asDouble() * 1000)) : null;
    }

    private Duration headerValue(String v) {
        try {
            double seconds = Double.parseDouble(v);
            return seconds >= 0 && seconds < 1e9 ? Duration.ofMillis((long) Math.ceil(seconds * 1000)) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Duration d = Duration.between(clock.instant(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    private static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return SignalJson.mapper().readTree(body);
        } catch (Exception notJson) {
            return null;
        }
    }

    /** Telegram's {@code description}, Discord's {@code message}, or the start of the body. */
    private String describe(String body) {
        JsonNode json = json(body);
        String text = null;
        if (json != null) {
            text = json.path(destination.kind() == DestinationKind.TELEGRAM ? "description" : "message").asText(null);
        }
        if (text == null && body != null && !body.isBlank()) {
            text = body.strip();
        }
        if (text == null) {
            return "";
        }
        text = text.length() > EXCERPT ? text.substring(0, EXCERPT) + "…" : text;
        return ": " + redact(text.replaceAll("\\s+", " "));
    }

    /** Removes the destination's secrets from a text before it reaches a log or an answer. */
    String redact(String text) {
        String out = text;
        if (destination.secret() != null && !destination.secret().isEmpty()) {
            out = out.replace(destination.secret(), "***");
        }
        if (destination.kind() == DestinationKind.DISCORD) {
            out = out.replace(destination.url().toString(), destination.shownUrl());
        }
        return out;
    }
}
