package betterbot.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalBroadcastTest {
    static StoredSignal stored(long seq) {
        return StoredSignal.of(seq, new Signal("s" + seq, new SignalType.ExpiryEdge(1, "Yes", 0.9), "m", 0.9,
                RiskLevel.LOW, null, Instant.EPOCH, Source.POLYMARKET));
    }

    @Test
    void subscribersReceiveEverySignalInOrderUntilTheyUnsubscribe() {
        SignalBroadcast broadcast = new SignalBroadcast();
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        SignalBroadcast.Subscription subA = broadcast.subscribe(s -> a.add(s.seq()));
        broadcast.subscribe(s -> b.add(s.seq()));
        broadcast.publish(List.of(stored(1), stored(2)));
        subA.close();
        broadcast.publish(List.of(stored(3)));
        assertEquals(List.of(1L, 2L), a);
        assertEquals(List.of(1L, 2L, 3L), b);
        assertEquals(1, broadcast.subscriberCount());
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        SignalBroadcast broadcast = new SignalBroadcast();
        List<Long> got = new ArrayList<>();
        broadcast.subscribe(s -> {
            throw new IllegalStateException("broken client");
        });
        broadcast.subscribe(s -> got.add(s.seq()));
        broadcast.publish(List.of(stored(1), stored(2)));
        assertEquals(List.of(1L, 2L), got);
    }
}
