package betterbot.http;

import betterbot.http.internal.Routes;
import betterbot.storage.SignalStore;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API: JSON endpoints over the signal store. */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private ApiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving.
     *
     * @throws UncheckedIOException when the address cannot be bound (port taken, address not local)
     */
    public static ApiServer start(HttpConfig config, SignalStore store, Clock clock) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        // Handlers block on the store; one virtual thread per exchange, named for readable thread dumps.
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-", 0).factory());
        server.setExecutor(executor);
        new Routes(store, config, clock).register(server);
        server.start();
        LOG.info("HTTP API listening on http://{}:{}", config.bindAddress(), server.getAddress().getPort());
        return new ApiServer(server, executor);
    }

    /** The bound port (useful when the configured port was 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, lets exchanges in flight finish for up to a second, then stops. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
