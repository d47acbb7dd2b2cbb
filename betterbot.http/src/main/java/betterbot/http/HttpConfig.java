package betterbot.http;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the API listens and every limit that keeps it safe to expose, each a named value with a default.
 *
 * @param bindAddress {@code BIND_ADDRESS}; 127.0.0.1 keeps the API on the machine
 * @param port {@code PORT}; 0 picks a free port (tests)
 * @param version reported by {@code /health}
 * @param apiToken {@code API_TOKEN}: when set, every route but {@code /health} needs
 *                 {@code Authorization: Bearer <token>}; null leaves the API open. A secret: {@link #toString()}
 *                 masks it
 * @param corsOrigin {@code CORS_ORIGIN}: the one browser origin (or {@code *}) allowed to read the API; null
 *                   sends no CORS headers, so browsers on other origins cannot read answers
 * @param accessLog {@code ACCESS_LOG}: one line per request on the {@code access} logger
 * @param maxBodyBytes request bodies above this are answered 413 without being read
 * @param requestTimeout {@code HTTP_REQUEST_TIMEOUT_SECONDS}: a request (line, headers and body) must
 *                       arrive within this, and a new connection must start sending within it; whole seconds
 * @param idleTimeout {@code HTTP_IDLE_TIMEOUT_SECONDS}: a keep-alive connection idle this long is closed;
 *                    whole seconds. Neither timeout touches a live stream, which is a response in progress
 * @param heartbeatInterval {@code STREAM_HEARTBEAT_SECONDS}: a {@code : ping} comment on an idle stream this
 *                          often, so proxies keep it open and dead clients are found
 * @param streamQueueCapacity {@code STREAM_CLIENT_QUEUE}: signals waiting for one stream client; a client
 *                            that falls this far behind is disconnected (it resumes with Last-Event-ID)
 * @param maxStreamClients {@code STREAM_MAX_CLIENTS}: live streams at once; more are answered 503
 * @param maxHeavyRequests {@code HTTP_MAX_HEAVY_REQUESTS}: requests that may hold a large answer in memory at
 *                         once (a listing of more than {@link #HEAVY_LIMIT} signals not in the answer cache, a
 *                         stream's replay); more wait up to {@link #HEAVY_WAIT}, then get 503 with Retry-After
 * @param writeTimeout {@code HTTP_WRITE_TIMEOUT_SECONDS}: a write to a client that does not complete within
 *                     this (the client stopped reading) closes its connection, live streams included
 */
public record HttpConfig(String bindAddress, int port, String version, String apiToken, String corsOrigin,
                         boolean accessLog, int maxBodyBytes, Duration requestTimeout, Duration idleTimeout,
                         Duration heartbeatInterval, int streamQueueCapacity, int maxStreamClients,
                         int maxHeavyRequests, Duration writeTimeout) {
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    public static final int DEFAULT_STREAM_QUEUE_CAPACITY = 1024;
    public static final int DEFAULT_MAX_STREAM_CLIENTS = 256;
    public static final int DEFAULT_MAX_HEAVY_REQUESTS = 4;
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);
    /** A listing of more signals than this is heavy work (about 1 KB each in memory and on the wire). */
    public static final int HEAVY_LIMIT = 100;
    /** How long heavy work waits for a free slot before it is refused. */
    public static final Duration HEAVY_WAIT = Duration.ofSeconds(1);

    /** A token: visible ASCII, no spaces (it travels in a header). */
    public static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]+");
    /** {@code *} or scheme://host[:port], exactly as browsers send it in {@code Origin}. */
    public static final Pattern ORIGIN = Pattern.compile("\\*|https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    public HttpConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        Objects.requireNonNull(version, "version");
        if (apiToken != null && !TOKEN.matcher(apiToken).matches()) {
            throw new IllegalArgumentException("apiToken must be visible ASCII characters without spaces");
        }
        if (corsOrigin != null && !ORIGIN.matcher(corsOrigin).matches()) {
            throw new IllegalArgumentException("corsOrigin must be * or scheme://host[:port], was '" + corsOrigin + "'");
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative, was " + maxBodyBytes);
        }
        checkWholeSeconds("requestTimeout", requestTimeout);
        checkWholeSeconds("idleTimeout", idleTimeout);
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeatInterval must be positive, was " + heartbeatInterval);
        }
        if (streamQueueCapacity < 1) {
            throw new IllegalArgumentException("streamQueueCapacity must be at least 1, was " + streamQueueCapacity);
        }
        if (maxStreamClients < 1) {
            throw new IllegalArgumentException("maxStreamClients must be at least 1, was " + maxStreamClients);
        }
        if (maxHeavyRequests < 1) {
            throw new IllegalArgumentException("maxHeavyRequests must be at least 1, was " + maxHeavyRequests);
        }
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        if (writeTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("writeTimeout must be at least 100 ms, was " + writeTimeout);
        }
    }

    /** The JDK server counts its timeouts in whole seconds. */
    private static void checkWholeSeconds(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.toMillis() < 1000 || d.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds, at least 1, was " + d);
        }
    }

    /** Every limit at its default: no token, no CORS, no access log. */
    public HttpConfig(String bindAddress, int port, String version) {
        this(bindAddress, port, version, null, null, false, DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_STREAM_QUEUE_CAPACITY,
                DEFAULT_MAX_STREAM_CLIENTS, DEFAULT_MAX_HEAVY_REQUESTS, DEFAULT_WRITE_TIMEOUT);
    }

    public HttpConfig withApiToken(String token) {
        return new HttpConfig(bindAddress, port, version, token, corsOrigin, accessLog, maxBodyBytes, requestTimeout,
                idleTimeout, heartbeatInterval, streamQueueCapacity, maxStreamClients,
                maxHeavyRequests, writeTimeout);
    }

    public HttpConfig withCorsOrigin(String origin) {
        return new HttpConfig(bindAddress, port, version, apiToken, origin, accessLog, maxBodyBytes, requestTimeout,
                idleTimeout, heartbeatInterval, streamQueueCapacity, maxStreamClients,
                maxHeavyRequests, writeTimeout);
    }

    public HttpConfig withAccessLog(boolean on) {
        return new HttpConfig(bindAddress, port, version, apiToken, corsOrigin, on, maxBodyBytes, requestTimeout,
                idleTimeout, heartbeatInterval, streamQueueCapacity, maxStreamClients,
                maxHeavyRequests, writeTimeout);
    }

    public HttpConfig withMaxBodyBytes(int bytes) {
        return new HttpConfig(bindAddress, port, version, apiToken, corsOrigin, accessLog, bytes, requestTimeout,
                idleTimeout, heartbeatInterval, streamQueueCapacity, maxStreamClients,
                maxHeavyRequests, writeTimeout);
    }

    public HttpConfig withTimeouts(Duration request, Duration idle) {
        return new HttpConfig(bindAddress, port, version, apiToken, corsOrigin, accessLog, maxBodyBytes, request,
                idle, heartbeatInterval, streamQueueCapacity, maxStreamClients,
                maxHeavyRequests, writeTimeout);
    }

    public HttpConfig withStream(Duration heartbeat, int queueCapacity, int maxClients) {
        return new HttpConfig(bindAddress, port, version, apiToken, corsOrigin, accessLog, maxBodyBytes, requestTimeout,
                idleTimeout, heartbeat, queueCapacity, maxClients, maxHeavyRequests, writeTimeout);
    }

    public HttpConfig withHeavyWork(int maxHeavy, Duration write) {
        return new HttpConfig(bindAddress, port, version, apiToken, corsOrigin, accessLog, maxBodyBytes, requestTimeout,
                idleTimeout, heartbeatInterval, streamQueueCapacity, maxStreamClients, maxHeavy, write);
    }

    /** Never shows the token, only whether one is set. */
    @Override
    public String toString() {
        return "HttpConfig[bindAddress=" + bindAddress + ", port=" + port + ", version=" + version
                + ", apiToken=" + (apiToken == null ? "none" : "***") + ", corsOrigin=" + corsOrigin
                + ", accessLog=" + accessLog + ", maxBodyBytes=" + maxBodyBytes + ", requestTimeout=" + requestTimeout
                + ", idleTimeout=" + idleTimeout + ", heartbeatInterval=" + heartbeatInterval
                + ", streamQueueCapacity=" + streamQueueCapacity + ", maxStreamClients=" + maxStreamClients
                + ", maxHeavyRequests=" + maxHeavyRequests + ", writeTimeout=" + writeTimeout + "]";
    }
}
