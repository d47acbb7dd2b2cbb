package betterbot.http.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on the {@code access} logger ({@code ACCESS_LOG=true}): client, method, path, status,
 * bytes and duration. Only the path is logged, never the query string (it may carry values a user considers
 * private) and never a header, so tokens cannot reach the log.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("access");

    private final boolean enabled;

    AccessLog(boolean enabled) {
        this.enabled = enabled;
    }

    void log(Exchange exchange, long startNanos) {
        if (!enabled || !LOG.isInfoEnabled()) {
            return;
        }
        long micros = (System.nanoTime() - startNanos) / 1000;
        LOG.info("{} {} {} {} {} B {}.{} ms", exchange.remoteAddress(), exchange.method(), exchange.path(),
                exchange.status(), exchange.bytesSent(), micros / 1000, String.format("%03d", micros % 1000));
    }
}
