package betterbot.signals.detection.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that reads whatever capture time a replay last set, so that replaying a recording is deterministic. */
public final class CaptureClock extends Clock {
    private volatile Instant now = Instant.EPOCH;

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a capture clock is always UTC");
    }
}
