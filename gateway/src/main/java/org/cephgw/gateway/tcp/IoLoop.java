package org.cephgw.gateway.tcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector and the thread that runs it: readiness events of the channels registered on it
 * and tasks other threads hand it ({@link #execute}). Everything that changes a key's interest
 * set or registers a channel runs here, so a {@link SelectionKey} is only ever touched by this
 * thread.
 */
final class IoLoop implements Executor {
    /** What a registered channel does when it is ready; the key's attachment. */
    interface Handler {
        /** Called on the loop thread with the key's ready set. */
        void ready(SelectionKey key);

        /** The loop is stopping: release the channel. */
        void loopClosed();
    }

    private static final Logger log = LoggerFactory.getLogger(IoLoop.class);

    /** Bytes read from a socket: read into this, then copied out by the connection before the next read. */
    static final int READ_CHUNK = 64 * 1024;

    private final Selector selector;
    /** loop thread only: every connection of this loop reads through it (one buffer per loop, not per connection) */
    private final java.nio.ByteBuffer readBuffer = java.nio.ByteBuffer.allocate(READ_CHUNK);
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    /** loop thread only */
    private final java.util.PriorityQueue<Timer> timers = new java.util.PriorityQueue<>();
    private long timerSeq;

    IoLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::run, name);
        // the JVM's life is the gateway's (Main waits for it); these threads must not hold it
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    /** The loop's read buffer, cleared; loop thread only. */
    java.nio.ByteBuffer readBuffer() {
        return readBuffer.clear();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread: at once when called there, else after waking the selector. */
    @Override
    public void execute(Runnable task) {
        if (inLoop()) {
            task.run();
            return;
        }
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on the loop thread in {@code delayMillis} (or a little later). Loop thread only. */
    void schedule(long delayMillis, Runnable task) {
        timers.add(new Timer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), timerSeq++, task));
    }

    /** Runs the due timers; returns the milliseconds until the next one (0: none, select without a limit). */
    private long runTimers() {
        long now = System.nanoTime();
        Timer t;
        while ((t = timers.peek()) != null && t.due - now <= 0) {
            timers.poll();
            try {
                t.task.run();
            } catch (RuntimeException e) {
                log.error("{}: a timer failed", thread.getName(), e);
            }
        }
        t = timers.peek();
        return t == null ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(t.due - now) + 1);
    }

    private record Timer(long due, long seq, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(due - o.due, 0);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** Runs {@code task} on the loop thread after the current event, even when called there. */
    void later(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    private void run() {
        try {
            while (!closing) {
                runTasks();
                if (closing) {
                    break;
                }
                // a task added from another thread wakes the selector (a wakeup is remembered)
                long wait = runTimers();
                if (!tasks.isEmpty()) {
                    selector.selectNow();
                } else {
                    selector.select(wait);
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isValid() && key.attachment() instanceof Handler h) {
                        try {
                            h.ready(key);
                        } catch (RuntimeException e) {
                            // a handler's bug must not end the loop of every other connection
                            log.error("{}: a channel's handler failed", thread.getName(), e);
                            key.cancel();
                        }
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closing) {
                log.error("{}: selector failed: its connections are closed", thread.getName(), e);
            }
        } finally {
            runTasks();
            for (SelectionKey key : selectorKeys()) {
                if (key.attachment() instanceof Handler h) {
                    try {
                        h.loopClosed();
                    } catch (RuntimeException e) {
                        log.warn("{}: closing a channel failed", thread.getName(), e);
                    }
                }
            }
            try {
                selector.close();
            } catch (IOException e) {
                log.debug("{}: closing the selector: {}", thread.getName(), e.toString());
            }
            stopped.countDown();
        }
    }

    private Iterable<SelectionKey> selectorKeys() {
        try {
            return java.util.List.copyOf(selector.keys());
        } catch (ClosedSelectorException e) {
            return java.util.List.of();
        }
    }

    private void runTasks() {
        Runnable t;
        while ((t = tasks.poll()) != null) {
            try {
                t.run();
            } catch (RuntimeException e) {
                log.error("{}: a task failed", thread.getName(), e);
            }
        }
    }

    /** Stops the loop; every registered channel's {@link Handler#loopClosed} runs on the loop thread. */
    void close(long timeoutMillis) {
        closing = true;
        selector.wakeup();
        if (!inLoop()) {
            try {
                stopped.await(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
