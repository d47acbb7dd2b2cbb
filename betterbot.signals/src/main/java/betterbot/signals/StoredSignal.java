package betterbot.signals;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * A signal as the store holds it: its sequence number plus the signal with its two JSON parts already
 * encoded, so that listing signals splices stored text instead of decoding and re-encoding every row.
 *
 * @param seq strictly increasing store sequence number; the cursor for paging and stream resumption
 * @param type the wire name of the signal type, e.g. {@code whale_trade}
 */
public record StoredSignal(long seq, String id, String type, String signalTypeJson, String marketSlug,
                           double confidence, RiskLevel riskLevel, String detailsJson, Instant detectedAt,
                           Source source) {

    /** Encodes a signal's parts; the store calls this once per insert. */
    public static StoredSignal of(long seq, Signal signal) {
        return new StoredSignal(seq, signal.id(), signal.signalType().name(),
                SignalJson.encodeType(signal.signalType()), signal.marketSlug(), signal.confidence(),
                signal.riskLevel(), SignalJson.encodeDetails(signal.details()), signal.detectedAt(), signal.source());
    }

    /** The same stored row with its sequence number (assigned at insert). */
    public StoredSignal withSeq(long newSeq) {
        return new StoredSignal(newSeq, id, type, signalTypeJson, marketSlug, confidence, riskLevel, detailsJson,
                detectedAt, source);
    }

    /** Decodes the typed signal. */
    public Signal toSignal() {
        return new Signal(id, SignalJson.decodeType(signalTypeJson), marketSlug, confidence, riskLevel,
                SignalJson.decodeDetails(detailsJson), detectedAt, source);
    }

    /** Writes the signal's wire object, seq included, to a generator. */
    public void writeTo(JsonGenerator g) throws IOException {
        g.writeStartObject();
        writeFieldsTo(g);
        g.writeEndObject();
    }

    /** The wire object's fields, for an answer that adds its own after them (a signal's grades). */
    public void writeFieldsTo(JsonGenerator g) throws IOException {
        g.writeStringField("id", id);
        g.writeNumberField("seq", seq);
        g.writeFieldName("signal_type");
        g.writeRawValue(signalTypeJson);
        g.writeStringField("market_slug", marketSlug);
        g.writeNumberField("confidence", confidence);
        g.writeStringField("risk_level", riskLevel.wireName());
        g.writeFieldName("details");
        g.writeRawValue(detailsJson);
        g.writeStringField("detected_at", IsoTime.format(detectedAt));
        g.writeStringField("source", source.wireName());
    }

    /** The signal's wire object, seq included, as one line of JSON. */
    public String toJson() {
        StringWriter out = new StringWriter(256 + signalTypeJson.length() + detailsJson.length());
        try (JsonGenerator g = SignalJson.mapper().getFactory().createGenerator(out)) {
            writeTo(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
