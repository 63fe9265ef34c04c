package org.cephgw.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One thread and one selector serving the reads and the deferred writes of many
 * {@link RpcConnection}s. Replies are decoded and their futures completed on this thread, so
 * what a caller chains onto a reply runs here too: keep it short (encode the next call, record a
 * latency). Several loops share the connections of a load run ({@link #group}).
 */
public final class EventLoop implements AutoCloseable {
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** One read buffer for every connection of this loop: reads happen on this thread only. */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    final byte[] readArray = new byte[256 * 1024];
    private volatile boolean running = true;

    public EventLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code n} loops named {@code name-0} ... */
    public static EventLoop[] group(String name, int n) {
        EventLoop[] loops = new EventLoop[n];
        for (int i = 0; i < n; i++) {
            loops[i] = new EventLoop(name + "-" + i);
        }
        return loops;
    }

    /** Runs {@code task} on the loop's thread (soon; at once when called there). */
    public void execute(Runnable task) {
        if (Thread.currentThread() == thread) {
            task.run();
            return;
        }
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on the loop's thread after what it is doing now (never inline). */
    public void later(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    Selector selector() {
        return selector;
    }

    private void run() {
        while (running) {
            try {
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    RpcConnection c = (RpcConnection) key.attachment();
                    c.ready(key);
                }
                selector.selectedKeys().clear();
                Runnable t;
                while ((t = tasks.poll()) != null) {
                    t.run();
                }
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // a connection's failure is its own (RpcConnection.ready fails it); this is the loop's
                System.err.println(thread.getName() + ": " + e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
