package betterbot.signals.sources.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.sources.SourceLedger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollerTest {
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    final MutableClock clock = new MutableClock();
    final List<SourceLedger.CoverageGap> windows = new ArrayList<>();
    final SourceHealth health = new SourceHealth("data", true, 3, clock, windows::add);

    Poller poller(Poller.Poll poll) {
        return new Poller("data", Duration.ofSeconds(15), 0.1, BACKOFF, poll, health, d -> { }, new Random(1));
    }

    static Poller.Poll script(Poller.Outcome... outcomes) {
        Deque<Poller.Outcome> q = new ArrayDeque<>(List.of(outcomes));
        return () -> q.size() > 1 ? q.poll() : q.peek();
    }

    @Test
    void aSuccessWaitsTheIntervalWithinItsJitter() {
        Duration wait = poller(script(new Poller.Outcome.Polled(5))).pollOnce();
        assertTrue(wait.compareTo(Duration.ofMillis(13_500)) >= 0 && wait.compareTo(Duration.ofMillis(16_500)) <= 0,
                wait.toString());
        assertEquals("ok", health.state());
        assertEquals(5, health.status().itemsFetched());
    }

    @Test
    void failuresBackOffExponentiallyUpToTheCap() {
        Poller p = poller(script(new Poller.Outcome.Failed("connection refused")));
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            waits.add(p.pollOnce());
        }
        for (int i = 0; i < waits.size(); i++) {
            long base = Math.min(1_000L << i, 60_000L);
            long ms = waits.get(i).toMillis();
            assertTrue(ms >= base / 2 && ms <= base, "failure " + (i + 1) + " waited " + ms + " ms");
        }
        assertEquals("down", health.state());
        assertEquals(10, health.status().consecutiveFailures());
    }

    @Test
    void aThrottleHonoursRetryAfterWhenLongerThanTheBackoff() {
        Poller p = poller(script(new Poller.Outcome.Throttled(Duration.ofSeconds(30), "HTTP 429")));
        assertEquals(Duration.ofSeconds(30), p.pollOnce());
        assertEquals("degraded", health.state());
        assertEquals("HTTP 429", health.status().lastError());
    }

    @Test
    void aFailureShownWithoutATokenCarriesNoSecretNoQuotedUpstreamTextAndOneShortLine() {
        SourceHealth h = new SourceHealth("hashdive", true, 3, java.time.Clock.systemUTC(), gap -> { },
                List.of("hd-9f8e7d6c5b4a"));
        h.recordFailure("malformed Hashdive trades: not JSON: Unrecognized token 'hd-9f8e7d6c5b4a_and_more': was"
                + " expecting (JSON String, Number, Array, Object)\n at key hd-9f8e7d6c5b4a");
        String shown = h.status().lastError();
        assertFalse(shown.contains("hd-9f8e7d6c5b4a"), shown);
        assertFalse(shown.contains("and_more"), "quoted upstream text is dropped: " + shown);
        assertTrue(shown.startsWith("malformed Hashdive trades: not JSON: Unrecognized token '…'"), shown);
        assertFalse(shown.contains("\n"), shown);
        h.recordFailure("x".repeat(1000));
        assertEquals(SourceHealth.MAX_REASON, h.status().lastError().length());
    }

    @Test
    void aPollThatThrowsIsAFailureAndTheNextOneRuns() {
        AtomicInteger calls = new AtomicInteger();
        Poller p = poller(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("malformed page");
            }
            return new Poller.Outcome.Polled(1);
        });
        p.pollOnce();
        assertEquals("degraded", health.state());
        assertTrue(health.status().lastError().contains("malformed page"));
        p.pollOnce();
        assertEquals("ok", health.state());
    }

    @Test
    void aDownWindowOpensAtTheFirstFailureOfTheStreakAndClosesAtRecovery() {
        Poller p = poller(script(new Poller.Outcome.Polled(1), new Poller.Outcome.Failed("a"),
                new Poller.Outcome.Failed("b"), new Poller.Outcome.Failed("c"), new Poller.Outcome.Failed("d"),
                new Poller.Outcome.Polled(2)));
        Instant t0 = clock.now;
        for (int i = 0; i < 6; i++) {
            p.pollOnce();
            clock.advance(Duration.ofSeconds(10));
        }
        assertEquals(2, windows.size(), "opened once, closed once: " + windows);
        assertEquals(t0.plusSeconds(10), windows.get(0).start());
        assertNull(windows.get(0).end());
        assertEquals(t0.plusSeconds(10), windows.get(1).start());
        assertEquals(t0.plusSeconds(50), windows.get(1).end());
        assertEquals("c", windows.get(1).reason());
        assertEquals("ok", health.state());
    }

    @Test
    void thePollerRunsOnAVirtualThreadSurvivesThrowsAndStopsOnClose() throws Exception {
        CountDownLatch ran = new CountDownLatch(3);
        AtomicInteger calls = new AtomicInteger();
        Poller p = new Poller("data", Duration.ofMillis(1), 0, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)),
                () -> {
                    assertTrue(Thread.currentThread().isVirtual());
                    ran.countDown();
                    if (calls.incrementAndGet() % 2 == 0) {
                        throw new RuntimeException("boom");
                    }
                    return new Poller.Outcome.Polled(1);
                }, health, Thread::sleep, new Random(2));
        p.start();
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        p.close();
        int after = calls.get();
        Thread.sleep(50);
        assertEquals(after, calls.get(), "no poll after close");
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
