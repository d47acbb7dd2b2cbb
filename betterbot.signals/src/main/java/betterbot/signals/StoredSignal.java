package betterbot.signals;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
        writeStored(g, signalTypeJson);
        g.writeStringField("market_slug", marketSlug);
        g.writeNumberField("confidence", confidence);
        g.writeStringField("risk_level", riskLevel.wireName());
        g.writeFieldName("details");
        writeStored(g, detailsJson);
        g.writeStringField("detected_at", IsoTime.format(detectedAt));
        g.writeStringField("source", source.wireName());
    }

    /**
     * Splices a stored JSON part as the value in progress. A generator writing UTF-8 to a stream with
     * {@link JsonGenerator.Feature#FLUSH_PASSED_TO_STREAM} off (a page of signals, see the HTTP module's Exchange)
     * gets the text's bytes written to its stream directly: the generator's own {@code writeRawValue} encodes
     * character by character, which was most of the time of rendering an uncached page (docs/internals.md,
     * bench-http). Flushing such a generator only hands its buffer to the stream, so what it holds goes first.
     */
    private static void writeStored(JsonGenerator g, String json) throws IOException {
        if (!g.isEnabled(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM) && g.getOutputTarget() instanceof OutputStream out) {
            g.writeRawValue(""); // the value's place in the object: separators stay the generator's
            g.flush();
            out.write(json.getBytes(StandardCharsets.UTF_8));
        } else {
            g.writeRawValue(json);
        }
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
