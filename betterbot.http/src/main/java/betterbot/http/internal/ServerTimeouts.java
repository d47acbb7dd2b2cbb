package betterbot.http.internal;

import betterbot.http.HttpConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDK server's timeouts. They are JVM-wide system properties, in seconds (its documentation says
 * milliseconds; {@code sun.net.httpserver.ServerConfig} multiplies by 1000), read once into static finals when
 * the server classes initialize, that is at the first {@code HttpServer.create} of the process. So they are set
 * here, before that, and the first server's values hold for the whole process.
 *
 * <p>{@code maxRspTime} is deliberately never set: it limits how long a response may take, which would cut
 * every live stream. A stream is a response in progress, so neither the request time nor the idle interval
 * applies to it.
 */
public final class ServerTimeouts {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTimeouts.class);
    /** From a connection's first request byte until its request (headers and body) is read. */
    static final String MAX_REQ_TIME = "sun.net.httpserver.maxReqTime";
    /** A keep-alive connection between requests; a new connection gets min(this, maxReqTime). */
    static final String IDLE_INTERVAL = "sun.net.httpserver.idleInterval";
    /** How often idle connections are checked (milliseconds; default 10 s, too coarse for a short idle time). */
    static final String CLOCK_TICK = "sun.net.httpserver.clockTick";
    /** TCP_NODELAY: stream events and small answers go out at once instead of waiting on delayed ACKs. */
    static final String NO_DELAY = "sun.net.httpserver.nodelay";
    static final String MAX_RSP_TIME = "sun.net.httpserver.maxRspTime";

    /** The values in force in this process, in seconds. */
    public record Effective(long requestSeconds, long idleSeconds) {
    }

    private static Effective effective;

    private ServerTimeouts() {
    }

    /** Sets the properties if this is the first server of the process; returns the values that hold. */
    public static synchronized Effective apply(HttpConfig config) {
        long request = config.requestTimeout().toSeconds();
        long idle = config.idleTimeout().toSeconds();
        if (effective == null) {
            setUnlessGiven(MAX_REQ_TIME, Long.toString(request));
            setUnlessGiven(IDLE_INTERVAL, Long.toString(idle));
            setUnlessGiven(CLOCK_TICK, "1000");
            setUnlessGiven(NO_DELAY, "true");
            if (System.getProperty(MAX_RSP_TIME) != null) {
                LOG.warn("-D{} is set: it cuts live streams after that many seconds", MAX_RSP_TIME);
            }
            effective = new Effective(Long.getLong(MAX_REQ_TIME, request), Long.getLong(IDLE_INTERVAL, idle));
        } else if (effective.requestSeconds() != request || effective.idleSeconds() != idle) {
            LOG.warn("HTTP timeouts are per process: keeping request {} s and idle {} s of the first server",
                    effective.requestSeconds(), effective.idleSeconds());
        }
        return effective;
    }

    /** A value given on the command line (-D) wins over the configuration. */
    private static void setUnlessGiven(String property, String value) {
        String given = System.getProperty(property);
        if (given == null) {
            System.setProperty(property, value);
        } else if (!given.equals(value)) {
            LOG.info("-D{}={} given on the command line; using it instead of {}", property, given, value);
        }
    }
}
