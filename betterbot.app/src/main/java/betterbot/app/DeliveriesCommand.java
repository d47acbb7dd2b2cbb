package betterbot.app;

import betterbot.signals.delivery.Delivery;
import betterbot.signals.delivery.DeliveryConfig;
import betterbot.signals.delivery.Destination;
import betterbot.signals.delivery.TestResult;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code betterbot deliveries list} and {@code betterbot deliveries test NAME}: the configured destinations, and one
 * test message sent to one of them at once, without retries, so a set-up can be checked before the first signal
 * (see docs/delivery.md). Neither touches the database.
 */
final class DeliveriesCommand {
    static final String USAGE = """
            usage: betterbot deliveries list       the configured push destinations
                   betterbot deliveries test NAME  send one test message to destination NAME
            """;

    private DeliveriesCommand() {
    }

    static ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        boolean list = args.size() == 1 && args.get(0).equals("list");
        boolean test = args.size() == 2 && args.get(0).equals("test");
        if (!list && !test) {
            err.print(USAGE);
            return ExitCode.USAGE;
        }
        Config config = Config.fromEnvOrReport(env, err);
        if (config == null) {
            return ExitCode.BAD_CONFIG;
        }
        Logging.configureForCommand(config.logLevel());
        if (list) {
            if (config.destinations().isEmpty()) {
                out.println("no destinations configured (see docs/delivery.md)");
            }
            for (Destination d : config.destinations()) {
                out.println(d.name() + "  " + d.kind().wireName() + "  " + d.shownUrl());
            }
            return ExitCode.OK;
        }
        String name = args.get(1);
        Destination destination = config.destinations().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElse(null);
        if (destination == null) {
            err.println("betterbot: no destination named '" + name + "'; configured: "
                    + (config.destinations().isEmpty() ? "none"
                    : String.join(", ", config.destinations().stream().map(Destination::name).toList())));
            return ExitCode.USAGE;
        }
        String warning = DestinationsReading.insecure(destination);
        if (warning != null) {
            err.println("betterbot: warning: " + warning);
        }
        TestResult r = Delivery.test(destination, DeliveryConfig.DEFAULTS, clock);
        if (r.delivered()) {
            out.println("delivered a test message to " + destination + " (" + r.detail() + ")");
            return ExitCode.OK;
        }
        err.println("betterbot: the test message to " + destination + " failed: " + r.detail());
        return ExitCode.FAILURE;
    }
}
