package betterbot.signals.sources.internal;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One WebSocket connection's listener (the Dome feed's, the market stream's): reassembles text frames into messages
 * for the thread that owns the connection and notes every sign of life (the silence watchdog reads it). The owner
 * requests the next frame once a message is handled, so a slow pipeline slows the socket instead of growing a
 * queue (one read ahead, 64 were measured by scripts/bench-stream: no difference in the lag).
 */
final class StreamListener implements WebSocket.Listener {
    /** A text message longer than this is dropped (and counted as skipped) instead of growing memory. */
    static final int MAX_MESSAGE_CHARS = 1 << 20;

    /** What the listener hands to the feed thread. */
    sealed interface Inbound {
        /** @param receivedAt {@link System#nanoTime()} when its last frame arrived (the stream's lag starts there) */
        record Text(String text, long receivedAt) implements Inbound {
        }

        /** A message over {@link #MAX_MESSAGE_CHARS}, dropped. */
        record Oversized() implements Inbound {
        }

        record Ended(String reason) implements Inbound {
        }
    }

    final BlockingQueue<Inbound> inbox = new LinkedBlockingQueue<>();
    /** {@link System#nanoTime()} of the last frame of any kind. */
    volatile long lastActivity = System.nanoTime();
    private final StringBuilder parts = new StringBuilder();
    private boolean oversized;

    @Override
    public void onOpen(WebSocket webSocket) {
        lastActivity = System.nanoTime();
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long now = System.nanoTime();
        lastActivity = now;
        if (!oversized) {
            parts.append(data);
            if (parts.length() > MAX_MESSAGE_CHARS) {
                oversized = true;
                parts.setLength(0);
            }
        }
        if (!last) {
            webSocket.request(1);
            return null;
        }
        if (oversized) {
            oversized = false;
            inbox.add(new Inbound.Oversized());
            webSocket.request(1);
            return null;
        }
        String text = parts.toString();
        parts.setLength(0);
        inbox.add(new Inbound.Text(text, now)); // the feed thread requests the next frame once this is handled
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        return alive(webSocket);
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        return alive(webSocket); // the client answers with a pong by itself
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        return alive(webSocket);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        inbox.add(new Inbound.Ended("closed by the server (" + statusCode
                + (reason == null || reason.isBlank() ? "" : " " + DomeFeed.excerpt(reason)) + ")"));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        inbox.add(new Inbound.Ended("connection lost: " + WebSockets.describe(error)));
    }

    private CompletionStage<?> alive(WebSocket webSocket) {
        lastActivity = System.nanoTime();
        webSocket.request(1);
        return null;
    }
}
