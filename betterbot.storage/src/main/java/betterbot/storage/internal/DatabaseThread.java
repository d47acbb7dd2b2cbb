package betterbot.storage.internal;

import betterbot.storage.StoreException;
import betterbot.storage.StoreHealth;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one platform thread that owns the SQLite connection. Every sqlite-jdbc call is a synchronized native
 * method that would pin a virtual thread's carrier, so virtual threads only enqueue work and wait on a future
 * (which unmounts them). Consecutive writes are group-committed in one transaction and their callers are
 * answered after the commit.
 *
 * <p>A platform thread that finds the queue empty and the connection free runs its call itself, under the
 * same lock the database thread holds for each task: access stays serialized, and the call saves the
 * hand-off (waking this thread and then the caller, about 100 µs back to back and more after idle; see
 * docs/internals.md, bench-store). The market stream's thread is such a caller.
 */
final class DatabaseThread {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseThread.class);
    private static final int MAX_GROUP = 512;
    /** How often an idle database thread runs its idle work (noticing other processes' writes). */
    static final long IDLE_MILLIS = 500;

    /** Work run on the database thread. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Called on the database thread around every write transaction. */
    interface TransactionHook {
        /**
         * Right after the transaction began, before its writes: the write lock is held, so what is read here
         * stays true until the commit (no other connection can commit in between).
         */
        void afterBegin(Connection connection) throws SQLException;

        /** Inside the transaction, after its writes: the place for retention and counters. */
        void beforeCommit(Connection connection) throws SQLException;

        void afterCommit();

        void afterRollback();

        /** For a connection that never writes. */
        TransactionHook NO_WRITES = new TransactionHook() {
            @Override
            public void afterBegin(Connection connection) {
            }

            @Override
            public void beforeCommit(Connection connection) {
            }

            @Override
            public void afterCommit() {
            }

            @Override
            public void afterRollback() {
            }
        };
    }

    /** @param queuedAt {@link System#nanoTime()} at submission: callers wait from then, queueing included */
    private record Task<T>(Work<T> work, boolean write, CompletableFuture<T> result, long queuedAt,
                           boolean countsForHealth) {
    }

    private static final Task<Void> STOP = new Task<>(c -> null, false, new CompletableFuture<>(), 0, false);
    private static final Pattern SQLITE_CODE = Pattern.compile("SQLITE_[A-Z_]+");

    private final Connection connection;
    private final TransactionHook hook;
    private final Work<Void> onIdle;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    /** Held by whoever uses the connection: this thread for each task, or a platform caller running its own. */
    private final ReentrantLock connectionLock = new ReentrantLock();
    private final LongAdder inlineCalls = new LongAdder();
    private final Thread thread;
    private volatile boolean accepting = true;
    private volatile boolean failed;
    private final LatencyHistogram readLatency = new LatencyHistogram();
    private final LatencyHistogram writeLatency = new LatencyHistogram();
    private final Clock clock;
    private volatile StoreHealth.Side writes;
    private volatile StoreHealth.Side reads;
    private final LongAdder writeFailures = new LongAdder();
    private final LongAdder busyWriteFailures = new LongAdder();
    /** BEGIN IMMEDIATE, COMMIT and ROLLBACK, prepared once: each transaction would otherwise parse all three. */
    private final StatementCache control = new StatementCache();

    DatabaseThread(Connection connection, TransactionHook hook, Work<Void> onIdle, Work<Void> onStop, Clock clock) {
        this.connection = connection;
        this.clock = clock;
        this.writes = new StoreHealth.Side(true, clock.instant(), null);
        this.reads = writes;
        this.hook = hook;
        this.onIdle = onIdle;
        this.thread = Thread.ofPlatform().name("betterbot-db").daemon(true).unstarted(() -> loop(onStop));
        thread.start();
    }

    <T> T read(Work<T> work) {
        return call(work, false, true);
    }

    <T> T write(Work<T> work) {
        return call(work, true, true);
    }

    boolean isUsable() {
        return accepting && !failed;
    }

    StoreHealth health() {
        return new StoreHealth(writes, reads);
    }

    /** Work that is about something else than the database (a backup's target) leaves the health alone. */
    <T> T readNotCountingHealth(Work<T> work) {
        return call(work, false, false);
    }

    /** Calls that ran on their caller's thread rather than this one (for tests and benchmarks). */
    long inlineCalls() {
        return inlineCalls.sum();
    }

    /** Runs everything already queued, then the stop work, then returns. Idempotent. */
    void stop() {
        synchronized (this) {
            if (!accepting) {
                return;
            }
            accepting = false;
            queue.add(STOP);
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T call(Work<T> work, boolean write, boolean countsForHealth) {
        Task<T> task = new Task<>(work, write, new CompletableFuture<>(), System.nanoTime(), countsForHealth);
        if (!runOnCaller(task)) {
            synchronized (this) {
                if (!accepting) {
                    throw new StoreException("the signal store is closed");
                }
                queue.add(task);
            }
        }
        return await(task.result());
    }

    /**
     * Runs the task on a platform caller's thread when nothing is queued and nobody holds the connection;
     * false (and nothing run) otherwise. Work still in the queue goes first; a task the database thread has just
     * taken may wait for this one, which its caller cannot tell from having called a moment later.
     */
    private boolean runOnCaller(Task<?> task) {
        if (Thread.currentThread().isVirtual() || !queue.isEmpty() || !connectionLock.tryLock()) {
            return false;
        }
        try {
            if (!accepting || !queue.isEmpty()) {
                return false;
            }
            inlineCalls.increment();
            run(task);
            return true;
        } finally {
            connectionLock.unlock();
        }
    }

    private void run(Task<?> task) {
        if (task.write()) {
            runWrites(List.of(task));
        } else {
            runRead(task);
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the signal store", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StoreException se) {
                throw se;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new StoreException("signal store failed: " + cause.getMessage(), cause);
        }
    }

    private void loop(Work<Void> onStop) {
        List<Task<?>> group = new ArrayList<>();
        while (true) {
            Task<?> task;
            try {
                task = queue.poll(IDLE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // only STOP ends this thread, so queued callers are always answered
            }
            if (task == STOP) {
                break;
            }
            connectionLock.lock();
            try {
                if (task == null) {
                    runIdle();
                } else if (!task.write()) {
                    runRead(task);
                } else {
                    group.add(task);
                    while (group.size() < MAX_GROUP && queue.peek() instanceof Task<?> next && next.write()) {
                        group.add(queue.poll());
                    }
                    runWrites(group);
                    group.clear();
                }
            } finally {
                connectionLock.unlock();
            }
        }
        connectionLock.lock();
        try {
            control.closeAll();
            onStop.run(connection);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("closing the signal store: {}", e.getMessage());
        } finally {
            connectionLock.unlock();
        }
    }

    private void runIdle() {
        try {
            onIdle.run(connection);
            reads = noted(reads, null);
        } catch (SQLException | RuntimeException e) {
            noteFatal(e);
            reads = noted(reads, e);
            LOG.debug("idle work failed: {}", e.getMessage());
        }
    }

    /** Timings are recorded before the caller is answered, so a caller that reads them sees its own call. */
    private <T> void runRead(Task<T> task) {
        T value;
        try {
            value = task.work().run(connection);
        } catch (Throwable t) {
            noteFatal(t);
            if (task.countsForHealth()) {
                reads = noted(reads, t);
            }
            readLatency.record(System.nanoTime() - task.queuedAt());
            task.result().completeExceptionally(wrap(t));
            return;
        }
        if (task.countsForHealth()) {
            reads = noted(reads, null);
        }
        readLatency.record(System.nanoTime() - task.queuedAt());
        task.result().complete(value);
    }

    private void runWrites(List<Task<?>> group) {
        List<Object> results = new ArrayList<>(group.size());
        try {
            execute("BEGIN IMMEDIATE");
            hook.afterBegin(connection);
            for (Task<?> task : group) {
                results.add(task.work().run(connection));
            }
            hook.beforeCommit(connection);
            execute("COMMIT");
        } catch (Throwable t) {
            noteFatal(t);
            rollback();
            boolean busy = isBusy(t);
            if (group.size() == 1 || busy) { // busy: each alone would wait out the lock again, one by one
                long now = System.nanoTime();
                writes = noted(writes, t);
                for (Task<?> task : group) {
                    writeFailures.increment();
                    if (busy) {
                        busyWriteFailures.increment();
                    }
                    writeLatency.record(now - task.queuedAt());
                    task.result().completeExceptionally(wrap(t));
                }
                if (busy) {
                    LOG.warn("database locked by another process for longer than the busy timeout: {} writes"
                            + " failed, their callers retry", group.size());
                }
                return;
            }
            // One bad write must not fail the others: retry each in its own transaction.
            for (Task<?> task : group) {
                runWrites(List.of(task));
            }
            return;
        }
        hook.afterCommit();
        writes = noted(writes, null);
        long now = System.nanoTime();
        for (Task<?> task : group) {
            writeLatency.record(now - task.queuedAt());
        }
        for (int i = 0; i < group.size(); i++) {
            complete(group.get(i), results.get(i));
        }
    }

    /** Write tasks that failed (rolled back), and of those the ones another process's lock made fail. */
    long writeFailures() {
        return writeFailures.sum();
    }

    long busyWriteFailures() {
        return busyWriteFailures.sum();
    }

    /** SQLITE_BUSY or SQLITE_LOCKED anywhere in the cause chain: another connection holds the lock. */
    static boolean isBusy(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("SQLITE_BUSY") || m.contains("SQLITE_LOCKED") || m.contains("database is locked")) {
                return true;
            }
        }
        return false;
    }

    /** Time callers waited for reads and for writes (until their commit). */
    LatencyHistogram readLatency() {
        return readLatency;
    }

    LatencyHistogram writeLatency() {
        return writeLatency;
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Task<T> task, Object value) {
        task.result().complete((T) value);
    }

    private void rollback() {
        try {
            execute("ROLLBACK");
        } catch (SQLException e) {
            // No transaction was open (BEGIN itself failed); nothing to undo.
            LOG.debug("rollback: {}", e.getMessage());
        } finally {
            hook.afterRollback();
        }
    }

    private void execute(String sql) throws SQLException {
        control.get(connection, sql).execute();
    }

    /** The side after one more outcome; its since moves only when it flips between ok and failing. */
    private StoreHealth.Side noted(StoreHealth.Side side, Throwable failure) {
        if (failure == null) {
            return side.ok() ? side : new StoreHealth.Side(true, clock.instant(), null);
        }
        String reason = shortReason(failure);
        return new StoreHealth.Side(false, side.ok() ? clock.instant() : side.since(), reason);
    }

    /** SQLite's result code (SQLITE_FULL, SQLITE_CORRUPT, ...) or the exception's kind: no path, no data. */
    static String shortReason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            Matcher m = SQLITE_CODE.matcher(String.valueOf(c.getMessage()));
            if (m.find()) {
                return m.group();
            }
        }
        return t.getClass().getSimpleName();
    }

    /** A corrupt or unreadable database makes the store unusable (the health check then says so). */
    private void noteFatal(Throwable t) {
        String m = String.valueOf(t.getMessage());
        if (m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB") || m.contains("SQLITE_IOERR")) {
            failed = true;
        }
    }

    private static StoreException wrap(Throwable t) {
        if (t instanceof StoreException se) {
            return se;
        }
        return new StoreException("signal store operation failed: " + t.getMessage(), t);
    }
}
