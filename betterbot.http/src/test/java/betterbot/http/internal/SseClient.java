package betterbot.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Server-Sent Events client over a raw socket: it sends the request itself, decodes the chunked body and
 * parses events, so a test controls exactly when it reads and when it hangs up.
 */
final class SseClient implements AutoCloseable {
    /** One event, or one comment line (then only {@code comment} is set). */
    record Event(String id, String event, String data, String comment) {
        long seq() {
            return Long.parseLong(id);
        }
    }

    private final Socket socket;
    private final InputStream raw;
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    private final boolean chunked;
    private int chunkLeft;
    private boolean ended;

    private SseClient(Socket socket) throws IOException {
        this.socket = socket;
        this.raw = new java.io.BufferedInputStream(socket.getInputStream(), 65536);
        String statusLine = readRawLine();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String line = readRawLine(); !line.isEmpty(); line = readRawLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
    }

    static SseClient open(int port, String pathAndQuery, String... headerPairs) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Accept: text/event-stream\r\n");
        for (int i = 0; i < headerPairs.length; i += 2) {
            request.append(headerPairs[i]).append(": ").append(headerPairs[i + 1]).append("\r\n");
        }
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
        return new SseClient(socket);
    }

    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** The next event or comment; null when the server ended the stream. */
    Event next() throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        while (true) {
            String line = readBodyLine();
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                if (id != null || event != null || data != null) {
                    return new Event(id, event, data == null ? null : data.toString(), null);
                }
                continue;
            }
            if (line.startsWith(":")) {
                if (id == null && event == null && data == null) {
                    return new Event(null, null, null, line.substring(1).strip());
                }
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
            switch (field) {
                case "id" -> id = value;
                case "event" -> event = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { }
            }
        }
    }

    /** The next real event, skipping comments; fails if the stream ends. */
    Event nextEvent() throws IOException {
        for (Event e = next(); ; e = next()) {
            if (e == null) {
                throw new IOException("the stream ended");
            }
            if (e.comment() == null) {
                return e;
            }
        }
    }

    /** The next comment, skipping nothing: fails if an event comes first. */
    String nextComment() throws IOException {
        Event e = next();
        if (e == null || e.comment() == null) {
            throw new IOException("expected a comment, got " + e);
        }
        return e.comment();
    }

    /** Reads until the server ends the stream; true when it did so within the socket timeout. */
    boolean endsWithin() throws IOException {
        try {
            while (next() != null) {
                // skip what is left
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    // ---- body bytes: de-chunked

    private int readBodyByte() throws IOException {
        if (ended) {
            return -1;
        }
        if (!chunked) {
            return raw.read();
        }
        if (chunkLeft == 0) {
            String size = readRawLine();
            if (size == null) {
                ended = true;
                return -1;
            }
            if (size.isEmpty()) { // the CRLF after the previous chunk's data
                size = readRawLine();
            }
            if (size == null) { // closed without the last chunk: an end all the same
                ended = true;
                return -1;
            }
            chunkLeft = Integer.parseInt(size.split(";")[0].strip(), 16);
            if (chunkLeft == 0) {
                ended = true;
                return -1;
            }
        }
        int b = raw.read();
        if (b < 0) {
            ended = true;
            return -1;
        }
        chunkLeft--;
        return b;
    }

    private String readBodyLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (true) {
            int b = readBodyByte();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    private String readRawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = raw.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
    }

    /** Hangs up without reading the rest, as a client that goes away does. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
