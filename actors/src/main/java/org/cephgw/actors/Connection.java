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

    InetSocketAddress remote();

    InetSocketAddress local();

    /**
     * Queues one RPC record (without record marking) to the client, e.g. a back-channel call.
     * Returns false if the connection is closed or its queue is full.
     */
    boolean send(byte[] record);
}
