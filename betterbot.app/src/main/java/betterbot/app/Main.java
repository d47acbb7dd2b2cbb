package betterbot.app;

import betterbot.storage.StoreOpenException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line: {@code betterbot [serve|check-config|db|version|help]}. */
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
            case "check-config":
                return CheckConfigCommand.run(env, out, err);
            case "db":
                return DbCommand.run(List.of(args).subList(1, args.length), env, out, err);
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
                  check-config
                            print the effective configuration (secrets hidden); exit 3 naming every
                            invalid variable
                  db stats  print what the database holds, as JSON
                  db export [--since TIME]
                            print signals as JSON lines, oldest first; TIME is an ISO instant or date,
                            or an age such as 90m, 24h, 7d
                  db backup [--force] FILE
                            write a consistent copy of the database to FILE, also while serve runs
                  version   print the version
                  help      print this text
                """;
    }

    private static ExitCode serve(Map<String, String> env, PrintStream err) {
        Config config;
        try {
            config = Config.fromEnv(env);
        } catch (ConfigException e) {
            e.printTo(err);
            return ExitCode.BAD_CONFIG;
        }
        Logging.configure(config.logLevel());
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
        service.stopOnExit();
        log.info("ready: http://{}:{}/health", config.bindAddress(), service.port());
        try {
            service.awaitStopped(); // until SIGTERM or SIGINT runs the hook
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
