package betterbot.http.internal;

import betterbot.signals.IsoTime;
import betterbot.signals.PlainNumber;
import betterbot.signals.SignalType;
import betterbot.signals.Source;
import betterbot.signals.StoredSignal;
import betterbot.storage.SignalQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The filters a reader can put on signals, validated: listings pass them to the store, the live stream also
 * applies them to each new signal. Null filters do not apply.
 */
record SignalFilter(String type, Source source, String market, Double minConfidence, Instant since) {
    static final int MAX_MARKET_LENGTH = 300;

    /**
     * Reads {@code type}, {@code source}, {@code market}, {@code min_confidence} and {@code since}; a bad one is
     * a 400 naming it. {@code market} comes from the path instead when {@code marketFromPath} is set.
     */
    static SignalFilter from(Exchange exchange, String marketFromPath) {
        return new SignalFilter(type(exchange.param("type")), source(exchange.param("source")),
                marketFromPath != null ? checkMarket("slug", marketFromPath) : market(exchange.param("market")),
                confidence(exchange.param("min_confidence")), since(exchange.param("since")));
    }

    private static String type(String raw) {
        if (raw == null || SignalType.NAMES.contains(raw)) {
            return raw;
        }
        throw ApiError.badParameter("type", "type must be one of " + String.join(", ", SignalType.NAMES)
                + ", got '" + raw + "'");
    }

    private static Source source(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Source.fromWire(raw);
        } catch (IllegalArgumentException e) {
            throw ApiError.badParameter("source", "source must be one of polymarket, hashdive, dome, got '" + raw + "'");
        }
    }

    private static String market(String raw) {
        return raw == null ? null : checkMarket("market", raw);
    }

    /** A market slug from the query or the path: the same limits either way. */
    static String checkMarket(String parameter, String raw) {
        if (raw.isEmpty() || raw.length() > MAX_MARKET_LENGTH) {
            throw ApiError.badParameter(parameter, parameter + " must be a market or event slug of 1 to "
                    + MAX_MARKET_LENGTH + " characters, got " + raw.length());
        }
        return raw;
    }

    private static Double confidence(String raw) {
        if (raw == null) {
            return null;
        }
        Double value = PlainNumber.decimal(raw, 0, 1);
        if (value != null) {
            return value;
        }
        throw ApiError.badParameter("min_confidence", "min_confidence must be a plain decimal number from 0 to 1"
                + " (such as 0.75), got '" + Exchange.shown(raw) + "'");
    }

    private static Instant since(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            // An unencoded + of an offset arrives as a space: read it back as the + it was.
            Instant since = IsoTime.parse(raw.strip().replace(' ', '+'));
            if (IsoTime.inRange(since)) {
                return since;
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw ApiError.badParameter("since", "since must be an ISO-8601 time such as 2026-11-24T12:00:00Z, with a"
                + " year from 0000 to 9999, got '" + Exchange.shown(raw) + "'");
    }

    SignalQuery applyTo(SignalQuery query) {
        return query.withType(type).withSource(source).withMarket(market).withMinConfidence(minConfidence)
                .withSince(since);
    }

    boolean matches(StoredSignal s) {
        return (type == null || type.equals(s.type()))
                && (source == null || source == s.source())
                && (market == null || market.equals(s.marketSlug()))
                && (minConfidence == null || s.confidence() >= minConfidence)
                && (since == null || !s.detectedAt().isBefore(since));
    }
}
