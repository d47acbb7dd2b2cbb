package betterbot.http.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The JDK's HTTP server with nothing of ours around it, for {@code scripts/bench-http}: it answers every request
 * with one file's bytes, from memory, on the same virtual-thread executor and TCP_NODELAY as the API. Its req/s is
 * the ceiling of any service built on that server, so the bench shows how much of the gap to nginx is the
 * server's own and how much the API's routing, ETags and guards.
 *
 * <pre>java -cp ... betterbot.http.internal.BareJdkServer &lt;file&gt;</pre>
 */
public final class BareJdkServer {
    private BareJdkServer() {
    }

    public static void main(String[] args) throws IOException {
        byte[] body = Files.readAllBytes(Path.of(args[0]));
        System.setProperty(ServerTimeouts.NO_DELAY, "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", Exchange.JSON);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("bare JDK server on 127.0.0.1 port " + server.getAddress().getPort());
    }
}
