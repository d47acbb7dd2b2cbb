package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Runs the linked image's {@code bin/betterbot} (or another program) as its own process, for the ITs. */
final class Launcher {
    static final Path BIN = ImageIT.LAUNCHER;
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Launcher() {
    }

    /** How a finished command ended; stdout and stderr kept apart. */
    record Output(int status, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** Runs {@code bin/betterbot args} to its end (at most 60 s). */
    static Output betterbot(Path dir, Map<String, String> env, String... args) throws Exception {
        return run(dir, env, Stream.concat(Stream.of(BIN.toString()), Stream.of(args)).toList());
    }

    static Output run(Path dir, Map<String, String> env, List<String> command) throws Exception {
        int n = RUNS.incrementAndGet();
        Path out = dir.resolve("run-" + n + ".out");
        Path err = dir.resolve("run-" + n + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within 60 s");
        }
        return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A running service, its log (stdout and stderr) in {@code log}. */
    record Service(Process process, int port, Path log) {
        String logText() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** Sends SIGTERM and returns the exit status (at most 15 s). */
        int stop() throws Exception {
            process.destroy();
            return awaitExit();
        }

        int awaitExit() throws Exception {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("no exit within 15 s:\n" + logText());
            }
            return process.exitValue();
        }
    }

    /** Starts {@code bin/betterbot serve} on a free port and waits until {@code /health} answers 200. */
    static Service serve(Path dir, Map<String, String> env) throws Exception {
        return serve(dir, env, List.of(BIN.toString(), "serve"));
    }

    static Service serve(Path dir, Map<String, String> env, List<String> command) throws Exception {
        int port = freePort();
        Path log = dir.resolve("serve-" + RUNS.incrementAndGet() + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("PORT", Integer.toString(port));
        Service service = new Service(pb.start(), port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            assertTrue(service.process().isAlive(), "the service exited early:\n" + service.logText());
            try {
                if (get(port, "/health").statusCode() == 200) {
                    return service;
                }
            } catch (IOException notYet) {
                Thread.sleep(25);
            }
            assertTrue(System.nanoTime() < deadline, "not healthy within 20 s:\n" + service.logText());
        }
    }

    static HttpResponse<String> get(int port, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
