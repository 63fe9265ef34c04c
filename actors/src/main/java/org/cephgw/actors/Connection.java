package org.cephgw.actors;

import java.net.InetSocketAddress;

/**
 * One client TCP connection as the NFS layer sees it. The server (gateway module) creates it
 * per accepted connection; the NFS service uses it to tell connections apart (sessions bind
 * to connections) and, for NFSv4.1 back channels, to send calls to the client.
 */
public interface Connection {
    /** Unique for the life of the process. */
    long id();

    /**
     * A new connection id: client connections and the stand-ins of connections on other nodes
     * (virtual-IP mode) take theirs from one counter, so that they never share one.
     */
    static long newId() {
        return Ids.NEXT.incrementAndGet();
    }

    /** The counter behind {@link #newId()}. */
    final class Ids {
        private static final java.util.concurrent.atomic.AtomicLong NEXT = new java.util.concurrent.atomic.AtomicLong();

        private Ids() {
        }
    }

    InetSocketAddress remote();

    InetSocketAddress local();

    /**
     * Queues one RPC record (without record marking) to the client, e.g. a back-channel call.
     * Returns false if the connection is closed or its queue is full.
     */
    boolean send(byte[] record);
}
