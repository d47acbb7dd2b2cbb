package betterbot.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** Compression of answers (see docs/api.md, Compression): who accepts it, and the compressing itself. */
final class Gzip {
    static final int BUFFER = 8192;

    private Gzip() {
    }

    /** gzip at the default level (6): JSON listings shrink about 8× at a few ms per MB. */
    static byte[] compress(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 6));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, BUFFER)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /**
     * Whether Accept-Encoding values take gzip: {@code gzip} (or {@code x-gzip}) with a q above 0, or {@code *}
     * with a q above 0 when gzip is not named.
     */
    static boolean accepted(List<String> acceptEncoding) {
        Double gzip = null;
        Double any = null;
        for (String line : acceptEncoding) {
            for (String item : line.split(",")) {
                String[] parts = item.split(";");
                String coding = parts[0].strip().toLowerCase(Locale.ROOT);
                double q = 1;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].strip();
                    if (p.startsWith("q=") || p.startsWith("Q=")) {
                        try {
                            q = Double.parseDouble(p.substring(2));
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    }
                }
                if (coding.equals("gzip") || coding.equals("x-gzip")) {
                    gzip = q;
                } else if (coding.equals("*")) {
                    any = q;
                }
            }
        }
        return gzip != null ? gzip > 0 : any != null && any > 0;
    }
}
