package betterbot.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the CLOB market channel for scripts/bench-stream and the service's end-to-end test of the stream
 * (RFC 6455 on loopback, one client at a time): it
 * answers the upgrade, counts the token ids the client subscribes, answers the text {@code PING} with {@code PONG},
 * and sends text frames to the newest connection. Nothing else: the stream's behaviour under faults is proven by
 * the signals module's tests against their own server.
 */
final class BenchStreamServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket server;
    private final AtomicInteger subscribedIds = new AtomicInteger();
    private volatile OutputStream out;

    BenchStreamServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("bench-ws-accept").start(this::accept);
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/ws/market");
    }

    /** Token ids subscribed so far, over all frames and connections. */
    int subscribedIds() {
        return subscribedIds.get();
    }

    /** Sends one text frame to the newest connection. */
    synchronized void send(String text) throws IOException {
        OutputStream o = out;
        if (o == null) {
            throw new IOException("no client connected");
        }
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        o.write(0x81);
        if (payload.length < 126) {
            o.write(payload.length);
        } else if (payload.length < 65_536) {
            o.write(126);
            o.write(payload.length >>> 8);
            o.write(payload.length & 0xff);
        } else {
            o.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                o.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        o.write(payload);
        o.flush();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread.ofPlatform().daemon().name("bench-ws-conn").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            String key = null;
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    String l = line.toString().strip();
                    if (l.isEmpty()) {
                        break;
                    }
                    if (l.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                        key = l.substring(l.indexOf(':') + 1).strip();
                    }
                    line.setLength(0);
                } else if (c != '\r') {
                    line.append((char) c);
                }
            }
            String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
            OutputStream o = new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16);
            o.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            out = o;
            readFrames(in);
        } catch (Exception e) {
            // the client went away
        }
    }

    private void readFrames(InputStream in) throws IOException {
        while (true) {
            int b0 = in.read();
            int b1 = in.read();
            if (b0 < 0 || b1 < 0) {
                return;
            }
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | in.read();
                }
            }
            byte[] mask = in.readNBytes(4);
            byte[] payload = in.readNBytes((int) len);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            int opcode = b0 & 0x0f;
            if (opcode == 0x8) {
                return;
            }
            if (opcode == 0x1) {
                String text = new String(payload, StandardCharsets.UTF_8);
                if (text.equals("PING")) {
                    send("PONG");
                } else {
                    com.fasterxml.jackson.databind.JsonNode frame = betterbot.signals.SignalJson.mapper().readTree(text);
                    int ids = frame.path("assets_ids").size();
                    subscribedIds.addAndGet("unsubscribe".equals(frame.path("operation").asText()) ? -ids : ids);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
