package betterbot.signals.sources.internal;

import betterbot.signals.SignalJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A minimal RFC 6455 server for tests, on a loopback ephemeral port: the HTTP Upgrade handshake, masked client
 * frames (text, continuation, ping, pong, close), unmasked server frames. It records request paths and every
 * text message clients send, acknowledges subscribe messages like Dome does, and misbehaves on demand: refuse
 * the handshake, drop a connection without a close frame, go silent (no acks, no pongs).
 */
final class MiniWebSocketServer implements AutoCloseable {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<Map<String, String>> handshakeHeaders = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger pongs = new AtomicInteger();
    private final AtomicInteger closesReceived = new AtomicInteger();
    private final AtomicInteger unmaskedFrames = new AtomicInteger();
    private final AtomicInteger subscriptionCounter = new AtomicInteger();
    private volatile int refuseWithStatus;
    private volatile boolean autoAck = true;
    private volatile java.util.function.Function<String, List<String>> replies;
    private volatile int closeOnIdsOver;
    private final AtomicInteger oversizedCloses = new AtomicInteger();

    MiniWebSocketServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().daemon().name("mini-ws-accept").start(this::acceptLoop);
    }

    /** {@code ws://127.0.0.1:<port>}. */
    URI baseUri() {
        return URI.create("ws://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getLocalPort());
    }

    int port() {
        return server.getLocalPort();
    }

    // --- behaviour -------------------------------------------------------------------------------------------

    /** Answers later handshakes with this HTTP status instead of 101 (0 accepts again). */
    void refuseHandshakes(int status) {
        refuseWithStatus = status;
    }

    /** Whether subscribe messages get {@code {"type":"ack","subscription_id":"sub_<n>"}} (default true). */
    void autoAck(boolean on) {
        autoAck = on;
    }

    /** Answers each text a client sends with the texts {@code r} returns for it (none for an empty list). */
    void replies(java.util.function.Function<String, List<String>> r) {
        replies = r;
    }

    /**
     * Like the CLOB market channel: a client frame whose {@code assets_ids} holds more than {@code n} ids makes
     * the server close the connection (0, the default, never does).
     */
    void closeOnIdsOver(int n) {
        closeOnIdsOver = n;
    }

    /** Connections closed because a frame held too many ids. */
    int oversizedCloses() {
        return oversizedCloses.get();
    }

    /** Sends a text message on the newest connection. */
    void send(String text) {
        current().sendText(text);
    }

    /** Sends a text message split into {@code parts} frames (a text frame, then continuations). */
    void sendFragmented(String text, int parts) {
        current().sendFragmented(text, parts);
    }

    void sendPing() {
        current().sendFrame(0x9, true, new byte[0]);
    }

    /** Closes the newest connection abruptly: no close frame, TCP reset. */
    void drop() {
        current().drop();
    }

    /** The newest connection stops answering anything (no acks, no pongs, no close) but stays open. */
    void goSilent() {
        current().silent = true;
    }

    // --- observations ----------------------------------------------------------------------------------------

    /** Completed handshakes. */
    int connectionCount() {
        return connections.size();
    }

    /** Handshake attempts, refused ones included. */
    int attempts() {
        return attempts.get();
    }

    List<String> paths() {
        return List.copyOf(paths);
    }

    /** Request headers of each completed handshake, names lower-cased. */
    List<Map<String, String>> handshakeHeaders() {
        return List.copyOf(handshakeHeaders);
    }

    /** Every text message clients sent, over all connections, in arrival order. */
    List<String> received() {
        return List.copyOf(received);
    }

    /** Text messages sent on the {@code index}-th connection (0 for the first). */
    List<String> received(int index) {
        return List.copyOf(connections.get(index).received);
    }

    int pings() {
        return pings.get();
    }

    int pongs() {
        return pongs.get();
    }

    int closesReceived() {
        return closesReceived.get();
    }

    int unmaskedFrames() {
        return unmaskedFrames.get();
    }

    /** Whether the {@code index}-th connection's socket is closed. */
    boolean isClosed(int index) {
        return connections.get(index).socket.isClosed();
    }

    boolean awaitConnections(int n, Duration timeout) {
        return await(() -> connections.size() >= n, timeout);
    }

    boolean awaitReceived(int n, Duration timeout) {
        return await(() -> received.size() >= n, timeout);
    }

    /** Polls {@code condition} every few milliseconds until it holds or {@code timeout} passes. */
    static boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private Connection current() {
        if (connections.isEmpty()) {
            throw new IllegalStateException("no connection yet");
        }
        return connections.get(connections.size() - 1);
    }

    // --- server side -----------------------------------------------------------------------------------------

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().name("mini-ws-conn").start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head = readHead(in);
            attempts.incrementAndGet();
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).strip());
                }
            }
            int refuse = refuseWithStatus;
            String key = headers.get("sec-websocket-key");
            if (refuse != 0 || key == null || !"websocket".equalsIgnoreCase(headers.get("upgrade"))) {
                int status = refuse != 0 ? refuse : 400;
                out.write(("HTTP/1.1 " + status + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + acceptKey(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Connection connection = new Connection(socket, out);
            paths.add(requestLine.length > 1 ? requestLine[1] : "");
            handshakeHeaders.add(Map.copyOf(headers));
            connections.add(connection);
            connection.readFrames(in);
        } catch (IOException e) {
            // the client went away, or the test dropped the connection
        }
    }

    static String acceptKey(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEADER_BYTES) {
                throw new IOException("handshake head too large");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Connection c : connections) {
            c.drop();
        }
        try {
            acceptor.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One accepted WebSocket connection. */
    private final class Connection {
        final Socket socket;
        final OutputStream out;
        final List<String> received = new CopyOnWriteArrayList<>();
        volatile boolean silent;

        Connection(Socket socket, OutputStream out) {
            this.socket = socket;
            this.out = out;
        }

        void readFrames(InputStream in) throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            int messageOpcode = 0;
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    return;
                }
                int b1 = readByte(in);
                boolean fin = (b0 & 0x80) != 0;
                int opcode = b0 & 0x0F;
                boolean masked = (b1 & 0x80) != 0;
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = (readByte(in) << 8) | readByte(in);
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | readByte(in);
                    }
                }
                if (!masked) {
                    unmaskedFrames.incrementAndGet();
                }
                byte[] mask = masked ? in.readNBytes(4) : new byte[4];
                byte[] payload = in.readNBytes((int) length);
                if (payload.length != length) {
                    return;
                }
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                switch (opcode) {
                    case 0x0, 0x1, 0x2 -> {
                        if (opcode != 0) {
                            message.reset();
                            messageOpcode = opcode;
                        }
                        message.write(payload);
                        if (fin && messageOpcode == 0x1) {
                            onText(message.toString(StandardCharsets.UTF_8));
                        }
                    }
                    case 0x8 -> {
                        closesReceived.incrementAndGet();
                        if (!silent) {
                            sendFrame(0x8, true, payload.length >= 2 ? new byte[] {payload[0], payload[1]}
                                    : new byte[0]);
                        }
                        socket.close();
                        return;
                    }
                    case 0x9 -> {
                        pings.incrementAndGet();
                        if (!silent) {
                            sendFrame(0xA, true, payload);
                        }
                    }
                    case 0xA -> pongs.incrementAndGet();
                    default -> {
                        socket.close();
                        return;
                    }
                }
            }
        }

        private void onText(String text) {
            received.add(text);
            MiniWebSocketServer.this.received.add(text);
            if (silent) {
                return;
            }
            int maxIds = closeOnIdsOver;
            if (maxIds > 0 && text.contains("assets_ids")) {
                try {
                    if (SignalJson.mapper().readTree(text).path("assets_ids").size() > maxIds) {
                        oversizedCloses.incrementAndGet();
                        sendFrame(0x8, true, new byte[] {0x03, (byte) 0xF1}); // 1009: message too big
                        drop();
                        return;
                    }
                } catch (IOException e) {
                    // not JSON: not a subscription
                }
            }
            java.util.function.Function<String, List<String>> r = replies;
            if (r != null) {
                r.apply(text).forEach(this::sendText);
            }
            if (!autoAck) {
                return;
            }
            try {
                JsonNode msg = SignalJson.mapper().readTree(text);
                if (msg != null && "subscribe".equals(msg.path("action").asText())) {
                    sendText("{\"type\":\"ack\",\"subscription_id\":\"sub_" + subscriptionCounter.incrementAndGet()
                            + "\"}");
                }
            } catch (IOException e) {
                // not JSON: nothing to acknowledge
            }
        }

        void sendText(String text) {
            sendFrame(0x1, true, text.getBytes(StandardCharsets.UTF_8));
        }

        void sendFragmented(String text, int parts) {
            byte[] all = text.getBytes(StandardCharsets.UTF_8);
            int step = Math.max(1, (all.length + parts - 1) / parts);
            List<byte[]> chunks = new ArrayList<>();
            for (int from = 0; from < all.length; from += step) {
                chunks.add(java.util.Arrays.copyOfRange(all, from, Math.min(all.length, from + step)));
            }
            synchronized (this) {
                for (int i = 0; i < chunks.size(); i++) {
                    sendFrame(i == 0 ? 0x1 : 0x0, i == chunks.size() - 1, chunks.get(i));
                }
            }
        }

        /** Writes one unmasked frame; synchronized so pongs and test messages never interleave. */
        synchronized void sendFrame(int opcode, boolean fin, byte[] payload) {
            try {
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                frame.write((fin ? 0x80 : 0) | opcode);
                if (payload.length < 126) {
                    frame.write(payload.length);
                } else if (payload.length < 65_536) {
                    frame.write(126);
                    frame.write(payload.length >>> 8);
                    frame.write(payload.length & 0xff);
                } else {
                    frame.write(127);
                    for (int i = 7; i >= 0; i--) {
                        frame.write((int) (((long) payload.length >>> (8 * i)) & 0xff));
                    }
                }
                frame.write(payload);
                out.write(frame.toByteArray());
                out.flush();
            } catch (IOException e) {
                // the client is gone; the reader notices
            }
        }

        void drop() {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }

        private static int readByte(InputStream in) throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            return b;
        }
    }
}
