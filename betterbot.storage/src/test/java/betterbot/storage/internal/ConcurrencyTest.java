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

/** Many virtual threads storing and reading at once lose nothing and see no error. */
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
}
