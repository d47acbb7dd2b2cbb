package betterbot.app;

import betterbot.signals.SignalJson;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Reads a /health answer on stdin and prints the signals held and one line per source, for scripts/footprint. */
public final class HealthSummary {
    private HealthSummary() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode health = SignalJson.mapper().readTree(System.in);
        System.out.println("  signals held: " + health.path("signal_count").asLong());
        for (JsonNode s : health.path("sources")) {
            System.out.printf("  source %-20s %-9s %5d polls %8d items fetched%n", s.path("name").asText(),
                    s.path("state").asText(), s.path("polls").asLong(), s.path("items_fetched").asLong());
        }
    }
}
