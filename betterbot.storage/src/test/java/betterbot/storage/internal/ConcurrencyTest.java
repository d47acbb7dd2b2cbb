package betterbot.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import betterbot.signals.StoredSignal;
import betterbot.storage.SignalQuery;
import betterbot.storage.StoreConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many virtual threads storing and reading at once lose nothing and see no error; platform threads, whose calls
 * may run on their own thread instead of the database thread, mixed in with them neither.
 */
class ConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void manyVirtualThreadsStoreAndReadWithoutLossOrError() throws Exception {
        int writers = 64;
        int perWriter = 150;
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
        AtomicInteger reads = new AtomicInteger();
        try (SqliteSignalStore store = SqliteSignalStore.open(new StoreConfig(dir.resolve("c.db")))) {
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> futures = new java.util.ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int base = w * perWriter;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < perWriter; i++) {
                            try {
                                // every writer also re-sends one earlier signal: duplicates must stay single
                                store.store(TestSignals.whale(base + i)).ifPresent(s -> seqs.add(s.seq()));
                                if (i % 10 == 0) {
                                    store.store(TestSignals.whale(base));
                                }
                            } catch (Throwable t) {
                                errors.add(t);
                            }
                        }
                    }));
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            try {
                                List<StoredSignal> page = store.query(SignalQuery.newest(100)).signals();
                                for (int k = 1; k < page.size(); k++) {
                                    assertTrue(page.get(k - 1).seq() > page.get(k).seq());
                                }
                                store.count();
                                reads.incrementAndGet();
                            } catch (Throwable t) {
                                errors.add(t);
                            }
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            }
            assertTrue(errors.isEmpty(), () -> "errors: " + errors);
            assertEquals(writers * perWriter, store.count());
            assertEquals(writers * perWriter, seqs.size());
            Set<Long> unique = new HashSet<>(seqs);
            assertEquals(seqs.size(), unique.size(), "every new row got its own seq");
            assertEquals(writers * 50, reads.get());
            for (int i = 0; i < writers * perWriter; i++) {
                assertTrue(store.get("whale_trade:" + i).isPresent());
            }
        }
    }

    @Test
    void aLonePlatformCallerRunsItsCallItselfAndAVirtualThreadHandsItOver() throws Exception {
        try (SqliteSignalStore store = SqliteSignalStore.open(new StoreConfig(dir.resolve("inline.db")))) {
            long before = store.callsOnCallersThread();
            assertTrue(store.store(TestSignals.whale(1)).isPresent());
            assertEquals(1, store.query(SignalQuery.newest(10)).signals().size());
            assertEquals(before + 2, store.callsOnCallersThread(), "both calls ran on the platform caller");

            Thread virtual = Thread.ofVirtual().start(() -> {
                store.store(TestSignals.whale(2));
                store.query(SignalQuery.newest(10));
            });
            virtual.join();
            assertEquals(before + 2, store.callsOnCallersThread(), "a virtual thread's calls went to the database thread");
            assertEquals(2, store.count());
        }
    }

    @Test
    void platformAndVirtualWritersTogetherLoseNothingAndRepeatNoSeq() throws Exception {
        int writers = 8;
        int perWriter = 200;
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
        try (SqliteSignalStore store = SqliteSignalStore.open(new StoreConfig(dir.resolve("mixed.db")))) {
            List<Thread> threads = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int base = w * perWriter;
                Runnable work = () -> {
                    for (int i = 0; i < perWriter; i++) {
                        try {
                            store.store(TestSignals.whale(base + i)).ifPresent(s -> seqs.add(s.seq()));
                            store.store(TestSignals.whale(base)); // a repeat stays single
                            store.query(SignalQuery.newest(20));
                        } catch (Throwable t) {
                            errors.add(t);
                        }
                    }
                };
                threads.add(w % 2 == 0 ? Thread.ofPlatform().start(work) : Thread.ofVirtual().start(work));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(errors.isEmpty(), () -> "errors: " + errors);
            assertEquals(writers * perWriter, store.count());
            assertEquals(writers * perWriter, new HashSet<>(seqs).size(), "every new row got its own seq");
            long first = seqs.stream().mapToLong(Long::longValue).min().orElseThrow();
            long last = seqs.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertEquals(writers * perWriter, last - first + 1, "seqs run without a gap");
            for (int i = 0; i < writers * perWriter; i++) {
                assertTrue(store.get("whale_trade:" + i).isPresent());
            }
        }
    }
}
