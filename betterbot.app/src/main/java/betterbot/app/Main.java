package betterbot.app;

import betterbot.storage.StoreOpenException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line: {@code betterbot [serve|version|help]}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv(), System.out, System.err).code;
        if (code != 0) {
            System.exit(code);
        }
    }

    static ExitCode run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "serve" : args[0];
        switch (command) {
            case "serve":
                return serve(env, err);
            case "version", "--version":
                out.println("betterbot " + version());
                return ExitCode.OK;
            case "help", "--help", "-h":
                out.print(usage());
                return ExitCode.OK;
            default:
                err.println("betterbot: unknown command '" + command + "'");
                err.print(usage());
                return ExitCode.USAGE;
        }
    }

    private static String usage() {
        return """
                usage: betterbot [command]
                  serve     start the service (the default); configured by environment variables
                  version   print the version
                  help      print this text
                """;
    }

    private static ExitCode serve(Map<String, String> env, PrintStream err) {
        Config config;
        try {
            config = Config.fromEnv(env);
        } catch (ConfigException e) {
            err.println("betterbot: invalid configuration:");
            e.problems().forEach(p -> err.println("  " + p));
            return ExitCode.BAD_CONFIG;
        }
        Logging.configure(config.logLevel(), config.api().accessLog());
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("betterbot {} starting: {}", version(), config.describe());
        Service service;
        try {
            service = Service.start(config, version(), Clock.systemUTC());
        } catch (StoreOpenException e) {
            err.println("betterbot: " + e.getMessage());
            return ExitCode.STORE_UNUSABLE;
        } catch (UncheckedIOException e) {
            err.println("betterbot: " + e.getMessage() + " (check PORT and BIND_ADDRESS)");
            return ExitCode.CANNOT_LISTEN;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            log.info("shutting down");
            service.close();
            stopped.countDown();
        }));
        log.info("ready: http://{}:{}/health", config.bindAddress(), service.port());
        try {
            stopped.await(); // until SIGTERM or SIGINT runs the hook
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCode.OK;
    }

    /** The module version stamped at build time, or "dev" when run from classes. */
    static String version() {
        return Main.class.getModule().getDescriptor() == null ? "dev"
                : Main.class.getModule().getDescriptor().rawVersion().orElse("dev");
    }
}
