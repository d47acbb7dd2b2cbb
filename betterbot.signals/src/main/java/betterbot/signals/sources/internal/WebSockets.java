package betterbot.signals.sources.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opening and closing the streams' WebSockets (the Dome feed's, the market stream's) the same way. */
final class WebSockets {
    private static final Duration CLOSE_GRACE = Duration.ofMillis(200);

    private WebSockets() {
    }

    /** Why a socket could not be opened, as shown in the source's health. */
    static final class NotOpened extends Exception {
        NotOpened(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Opens a socket with the service's User-Agent, waiting at most the connect timeout (plus a second for the
     * handshake); a handshake still running then is abandoned, and its socket aborted should it open later.
     */
    static WebSocket open(HttpClient client, URI uri, Duration connectTimeout, WebSocket.Listener listener)
            throws InterruptedException, NotOpened {
        CompletableFuture<WebSocket> opening = client.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .header("User-Agent", UpstreamHttp.USER_AGENT)
                .buildAsync(uri, listener);
        try {
            return opening.get(connectTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            abandon(opening);
            throw e;
        } catch (TimeoutException e) {
            abandon(opening);
            throw new NotOpened("no handshake within " + human(connectTimeout));
        } catch (ExecutionException e) {
            throw new NotOpened("cannot connect: " + describe(e.getCause()));
        }
    }

    private static void abandon(CompletableFuture<WebSocket> opening) {
        opening.cancel(true);
        opening.whenComplete((ws, e) -> {
            if (ws != null) {
                ws.abort();
            }
        });
    }

    /**
     * Closes promptly: a polite close frame, the server's answer awaited (up to 200 ms in all, so that a reset does
     * not overtake the close frame on its way), then the socket is aborted either way.
     */
    static void close(WebSocket ws) {
        if (ws == null) {
            return;
        }
        try {
            long deadline = System.nanoTime() + CLOSE_GRACE.toNanos();
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            while (!ws.isInputClosed() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // best effort: the abort below closes the socket either way
        }
        ws.abort();
    }

    /** Interrupts a stream's thread and waits for it to end, up to {@code timeout}. */
    static void stop(Thread t, Duration timeout) {
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A failure as the streams' health and logs show it: a refused handshake by its status, else the cause. */
    static String describe(Throwable e) {
        if (e instanceof WebSocketHandshakeException h) {
            return "handshake refused with HTTP " + h.getResponse().statusCode();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timeout";
        }
        if (e instanceof ConnectException && e.getMessage() == null) {
            return "connection refused";
        }
        String message = e.getMessage();
        String name = e instanceof IOException && message != null ? "" : e.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            return name;
        }
        return name.isEmpty() ? message : name + ": " + message;
    }

    /** A duration as "5 s" or "250 ms". */
    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
