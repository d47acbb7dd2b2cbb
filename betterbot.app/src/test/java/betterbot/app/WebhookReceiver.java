package betterbot.app;

import betterbot.signals.delivery.WebhookSignature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A user's webhook receiver, as docs/delivery.md tells one to write: it verifies the signature (refusing with 401
 * what fails) and keeps the signal ids it accepted, in arrival order; it answers 503 while {@link #down} and takes
 * {@link #delay} per request.
 */
final class WebhookReceiver implements AutoCloseable {
    static final String SECRET = "whsec-e2e-0123456789abcdef";

    private final HttpServer server;
    private final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());
    volatile boolean down;
    volatile Duration delay = Duration.ZERO;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<String> accepted() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    List<String> refused() {
        synchronized (refused) {
            return List.copyOf(refused);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        try {
            if (!delay.isZero()) {
                Thread.sleep(delay);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String id = ex.getRequestHeaders().getFirst(WebhookSignature.ID_HEADER);
        int status;
        if (down) {
            status = 503;
        } else if (WebhookSignature.verify(ex.getRequestHeaders().getFirst(WebhookSignature.HEADER), body, SECRET,
                Instant.now(), WebhookSignature.DEFAULT_TOLERANCE)) {
            accepted.add(id);
            status = 204;
        } else {
            refused.add(id);
            status = 401;
        }
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
