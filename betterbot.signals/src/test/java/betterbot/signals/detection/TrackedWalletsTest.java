package betterbot.signals.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrackedWalletsTest {
    static final String A = "0xAbCdEf0123456789aBcDeF0123456789AbCdEf01";
    static final String B = "0x1111111111111111111111111111111111111111";

    @TempDir
    Path dir;

    @Test
    void theVariableFormIsAddressColonLabelCommaSeparated() {
        Map<String, String> w = TrackedWallets.parse(" " + A + ":insider_ceo , " + B + ",,");
        assertEquals(Map.of(A.toLowerCase(), "insider_ceo", B, ""), w);
    }

    @Test
    void jsonObjectJsonArrayAndCsvFilesAreRead() throws Exception {
        Map<String, String> expected = Map.of(A.toLowerCase(), "world_class", B, "");
        assertEquals(expected, TrackedWallets.read(Files.writeString(dir.resolve("w.json"),
                "{\"" + A + "\": \"world_class\", \"" + B + "\": null}")));
        assertEquals(expected, TrackedWallets.read(Files.writeString(dir.resolve("w2.json"),
                "[{\"address\": \"" + A + "\", \"label\": \"world_class\"}, \"" + B + "\"]")));
        assertEquals(expected, TrackedWallets.read(Files.writeString(dir.resolve("w.csv"),
                "# watch list\naddress,label\n\n" + A + ", \"world_class\"\n" + B + "\n")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0xabc:whale                         | entry 1: '0xabc' is not a wallet address",
        "0x1111111111111111111111111111111111111111:ok,nope | entry 2: 'nope' is not a wallet address",
    })
    void aBadEntryIsNamed(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrackedWallets.parse(spec));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void aBadFileLineIsNamed() throws Exception {
        Path csv = Files.writeString(dir.resolve("bad.csv"), B + ",a\n0xnothex,b\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrackedWallets.read(csv));
        assertTrue(e.getMessage().startsWith("line 2:"), e.getMessage());
        Path json = Files.writeString(dir.resolve("bad.json"), "{\"" + B + "\": ");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrackedWallets.read(json)).getMessage()
                .startsWith("not valid JSON"));
    }
}
