package betterbot.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredSignalTest {
    /** A page as the listing writes it: an object with the signals in an array, then fields after them. */
    static String page(List<StoredSignal> rows, boolean streamFlushPassed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = SignalJson.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            if (!streamFlushPassed) {
                g.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
            }
            g.writeStartObject();
            g.writeArrayFieldStart("signals");
            for (StoredSignal row : rows) {
                g.writeStartObject();
                row.writeFieldsTo(g);
                g.writeNumberField("grades", 2); // a field after the spliced ones, as the grades answer adds
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("count", rows.size());
            g.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theStoredJsonWrittenStraightToTheStreamGivesTheSameBytesAsTheGeneratorsOwnSplice() throws IOException {
        List<StoredSignal> rows = new ArrayList<>();
        long seq = 1;
        for (SignalType type : SignalJsonTest.everyType().toList()) {
            rows.add(StoredSignal.of(seq++, SignalJsonTest.signalOf(type)));
        }
        // non-ASCII titles: the bytes are UTF-8, not the generator's escapes
        Signal unicode = SignalJsonTest.signalOf(new SignalType.ExpiryEdge(1.5, "Yes", 0.88));
        Details d = unicode.details().toBuilder().marketTitle("Élection présidentielle — 2028 ✓ \"quoted\"").build();
        rows.add(StoredSignal.of(seq, unicode.withDetails(d)));
        String direct = page(rows, false);
        assertEquals(page(rows, true), direct);
        // and it is the wire JSON: each row decodes to its signal
        var tree = SignalJson.mapper().readTree(direct);
        assertEquals(rows.size(), tree.get("count").asInt());
        assertEquals("Élection présidentielle — 2028 ✓ \"quoted\"",
                tree.get("signals").get(rows.size() - 1).at("/details/market_title").asText());
        for (int i = 0; i < rows.size(); i++) {
            var expected = (com.fasterxml.jackson.databind.node.ObjectNode) SignalJson.mapper()
                    .readTree(rows.get(i).toJson());
            expected.put("grades", 2);
            assertEquals(expected, tree.get("signals").get(i));
        }
    }
}
