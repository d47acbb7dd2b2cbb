package betterbot.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ShutdownTest {
    final List<String> stopped = new CopyOnWriteArrayList<>();

    AutoCloseable recording(String name) {
        return () -> stopped.add(name);
    }

    @Test
    void phasesStopInOrderWhateverTheOrderOfRegistration() {
        Shutdown s = new Shutdown(Duration.ofSeconds(5));
        s.add(Shutdown.Phase.STORE, "store", recording("store"));
        s.add(Shutdown.Phase.HTTP, "http", recording("http"));
        s.add(Shutdown.Phase.POLLERS, "gamma poller", recording("gamma poller"));
        s.add(Shutdown.Phase.POLLERS, "trades poller", recording("trades poller"));
        List<Shutdown.Outcome> outcomes = s.run();
        assertEquals(List.of("trades poller", "gamma poller", "http", "store"), stopped,
                "phase order; within a phase the last started stops first");
        assertTrue(outcomes.stream().allMatch(o -> o.result().equals("ok")), outcomes.toString());
    }

    @Test
    void aFailingStepIsReportedAndTheRestStillStop() {
        Shutdown s = new Shutdown(Duration.ofSeconds(5));
        s.add(Shutdown.Phase.STORE, "store", recording("store"));
        s.add(Shutdown.Phase.HTTP, "http", () -> {
            throw new IllegalStateException("port gone");
        });
        List<Shutdown.Outcome> outcomes = s.run();
        assertEquals(List.of("store"), stopped);
        assertEquals("failed: java.lang.IllegalStateException: port gone", outcomes.get(0).result());
        assertTrue(Shutdown.summary(outcomes).startsWith("http "), Shutdown.summary(outcomes));
    }

    @Test
    void aHangingStepIsLeftBehindAndTheStoreStillGetsItsTurnWithinBudget() {
        CountDownLatch never = new CountDownLatch(1);
        Shutdown s = new Shutdown(Duration.ofMillis(300));
        s.add(Shutdown.Phase.STORE, "store", recording("store"));
        s.add(Shutdown.Phase.HTTP, "http", never::await);
        long start = System.nanoTime();
        List<Shutdown.Outcome> outcomes = s.run();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("still running, left behind", outcomes.get(0).result());
        assertEquals(List.of("store"), stopped);
        assertTrue(millis < 300 + Shutdown.LATE_STEP_GRACE.toMillis() + 500, "took " + millis + " ms");
    }

    @Test
    void runningTwiceStopsOnce() {
        Shutdown s = new Shutdown(Duration.ofSeconds(1));
        s.add(Shutdown.Phase.STORE, "store", recording("store"));
        s.run();
        assertEquals(List.of(), s.run());
        assertEquals(List.of("store"), stopped);
    }
}
