package betterbot.http;

import java.util.Objects;

/**
 * Where and how the API listens.
 *
 * @param bindAddress {@code BIND_ADDRESS}; 127.0.0.1 keeps the API on the machine
 * @param port {@code PORT}; 0 picks a free port (tests)
 * @param version reported by {@code /health}
 */
public record HttpConfig(String bindAddress, int port, String version) {
    public HttpConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be within 0..65535, was " + port);
        }
        Objects.requireNonNull(version, "version");
    }
}
