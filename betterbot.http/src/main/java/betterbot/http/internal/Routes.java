package betterbot.http.internal;

import betterbot.http.HttpConfig;
import betterbot.signals.SignalBroadcast;
import betterbot.signals.SourceStatus;
import betterbot.signals.delivery.DeliveryStatus;
import betterbot.storage.SignalStore;
import betterbot.storage.StoreException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the API and the one path each request takes through it: CORS headers, preflight, token,
 * body limit, route, method, parameters, handler; failures become JSON errors here, and every request is
 * counted for {@code /metrics} and, when enabled, logged.
 */
public final class Routes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Routes.class);
    static final String HEALTH = "/health";
    /** How much of a refused body is still read after the 413, so the client can read the answer. */
    static final long LINGER_BYTES = 1 << 20;

    private final Router router = new Router();
    private final BearerAuth auth;
    private final Cors cors;
    private final AccessLog accessLog;
    private final Metrics metrics;
    private final SignalStream stream;
    private final int maxBodyBytes;
    private final WriteWatchdog watchdog;

    public Routes(HttpConfig config, SignalStore store, SignalBroadcast broadcast,
                  Supplier<List<SourceStatus>> sources, Supplier<List<DeliveryStatus>> deliveries, Clock clock) {
        Instant startedAt = clock.instant();
        this.auth = new BearerAuth(config.apiToken());
        this.cors = new Cors(config.corsOrigin());
        this.accessLog = new AccessLog(config.accessLog());
        this.maxBodyBytes = config.maxBodyBytes();
        this.watchdog = new WriteWatchdog(config.writeTimeout());
        HeavyWork heavy = new HeavyWork(config.maxHeavyRequests(), HttpConfig.HEAVY_WAIT);
        this.stream = new SignalStream(store, broadcast, config, heavy);
        this.metrics = new Metrics(store, sources, deliveries, stream::stats, startedAt,
                () -> new Metrics.Load(watchdog.timeouts(), heavy.inProgress(), heavy.refused()));
        StatsRoutes stats = new StatsRoutes(store, config, clock, startedAt, sources, deliveries);
        router.add(HEALTH, Set.of(), stats::health);
        router.add("/metrics", Set.of(), metrics::handle);
        stats.register(router);
        router.add("/api/signals/stream", SignalStream.PARAMS, stream::handle);
        new SignalRoutes(store, startedAt, heavy).register(router);
        new GradeRoutes(store.gradeRecord(), heavy, clock).register(router);
        new DeliveryRoutes(deliveries).register(router);
    }

    public void register(HttpServer server) {
        // One context for everything so that unknown paths get a JSON 404, not the server's HTML page.
        server.createContext("/", this::handle);
    }

    /** Ends live streams; call before stopping the server, which would otherwise wait for them. */
    @Override
    public void close() {
        stream.close();
        watchdog.close();
    }

    private void handle(HttpExchange http) {
        long start = System.nanoTime();
        Exchange exchange = new Exchange(http, metrics::countRequest, watchdog);
        try {
            try {
                dispatch(exchange);
            } catch (ApiError e) {
                answer(exchange, e);
            } catch (StoreException e) {
                LOG.warn("{} {}: {}", exchange.method(), exchange.path(), e.getMessage());
                answer(exchange, ApiError.unavailable("the signal store is unavailable: " + e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", exchange.method(), exchange.path(), e);
                answer(exchange, ApiError.internal());
            }
        } catch (IOException e) {
            LOG.debug("client went away: {}", e.getMessage()); // nothing left to answer
        } finally {
            exchange.close();
            if (!exchange.headersSent()) {
                metrics.countRequest(exchange.routeName(), exchange.status()); // the client left before an answer
            }
            accessLog.log(exchange, start);
        }
    }

    private void answer(Exchange exchange, ApiError e) throws IOException {
        if (exchange.headersSent()) {
            return; // a stream already under way just ends
        }
        if (e.status == 405) {
            exchange.responseHeaders().set("Allow", cors.allow());
        }
        exchange.sendError(e);
    }

    private void dispatch(Exchange exchange) throws IOException {
        cors.addHeaders(exchange);
        Router.Match match = router.match(exchange.path());
        exchange.route(match);
        if (match != null && cors.isPreflight(exchange)) {
            cors.answerPreflight(exchange); // before the token: browsers send preflights without credentials
            return;
        }
        if (match == null || !HEALTH.equals(match.route().pattern())) {
            auth.check(exchange); // before 404, so that without a token nothing about the routes is revealed
        }
        if (bodyTooLarge(exchange)) {
            answer(exchange, ApiError.payloadTooLarge(maxBodyBytes));
            exchange.flush();
            // Read on a little after answering: a client still sending when the connection closes may get a
            // reset instead of the 413. The request timeout bounds how long this can take.
            discard(exchange.requestBody(), LINGER_BYTES);
            return;
        }
        if (match == null) {
            throw ApiError.notFound("no route " + exchange.path());
        }
        String method = exchange.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw ApiError.methodNotAllowed(method);
        }
        exchange.checkParams(match.route().params());
        match.route().handler().handle(exchange);
    }

    /**
     * No route takes a body, but a client may send one: above the limit it is refused unread (a declared
     * length at once, a chunked body after limit + 1 bytes); below, it is read and dropped so the connection
     * can carry the next request.
     */
    private boolean bodyTooLarge(Exchange exchange) throws IOException {
        String length = exchange.requestHeader("Content-Length");
        boolean chunked = exchange.requestHeader("Transfer-Encoding") != null;
        if (length == null && !chunked) {
            return false;
        }
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = Long.MAX_VALUE; // the server itself refuses these; never read such a body
            }
            if (declared > maxBodyBytes) {
                return true;
            }
        }
        return discard(exchange.requestBody(), maxBodyBytes + 1L) > maxBodyBytes;
    }

    /** Reads and drops up to {@code max} bytes; returns how many there were. */
    private static long discard(InputStream in, long max) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        while (total < max) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, max - total));
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }
}
