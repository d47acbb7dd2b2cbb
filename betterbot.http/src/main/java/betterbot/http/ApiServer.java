package betterbot.http;

import betterbot.http.internal.Routes;
import betterbot.http.internal.ServerTimeouts;
import betterbot.signals.SignalBroadcast;
import betterbot.signals.SourceStatus;
import betterbot.signals.delivery.DeliveryStatus;
import betterbot.storage.SignalStore;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API: JSON endpoints over the signal store, the live stream and the metrics. */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Routes routes;

    private ApiServer(HttpServer server, ExecutorService executor, Routes routes) {
        this.server = server;
        this.executor = executor;
        this.routes = routes;
    }

    /**
     * Binds and starts serving.
     *
     * @param broadcast newly stored signals, for the live stream
     * @param sources the upstream sources' current status, for {@code /metrics}
     * @throws UncheckedIOException when the address cannot be bound (port taken, address not local)
     */
    public static ApiServer start(HttpConfig config, SignalStore store, SignalBroadcast broadcast,
                                  Supplier<List<SourceStatus>> sources, Supplier<List<DeliveryStatus>> deliveries,
                                  Clock clock) {
        ServerTimeouts.Effective timeouts = ServerTimeouts.apply(config); // before the server classes load
        Routes routes = new Routes(config, store, broadcast, sources, deliveries, clock);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + config.bindAddress() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newThreadPerTaskExecutor(handlerThreads());
        server.setExecutor(executor);
        routes.register(server);
        server.start();
        LOG.info("HTTP API listening on http://{}:{} (token {}, CORS {}, request timeout {} s, idle timeout {} s,"
                        + " write timeout {} s, heavy requests {})",
                config.bindAddress(), server.getAddress().getPort(), config.apiToken() == null ? "off" : "required",
                config.corsOrigin() == null ? "off" : config.corsOrigin(), timeouts.requestSeconds(),
                timeouts.idleSeconds(), config.writeTimeout().toSeconds(), config.maxHeavyRequests());
        return new ApiServer(server, executor, routes);
    }

    /**
     * One thread per exchange, named for readable thread dumps. Virtual from JDK 24 on; before that, a virtual
     * thread blocked in the JDK server's socket write (a synchronized method) pins its carrier, and a few
     * clients that stop reading would freeze every virtual thread of the process, so there they are platform
     * threads.
     */
    private static ThreadFactory handlerThreads() {
        if (Runtime.version().feature() >= 24) {
            return Thread.ofVirtual().name("http-", 0).factory();
        }
        return Thread.ofPlatform().name("http-", 0).daemon(true).factory();
    }

    /** The bound port (useful when the configured port was 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Ends live streams first (the server's stop would wait for them), then stops accepting and lets exchanges
     * in flight finish for up to a second.
     */
    @Override
    public void close() {
        routes.close();
        server.stop(1);
        executor.shutdownNow();
    }
}
