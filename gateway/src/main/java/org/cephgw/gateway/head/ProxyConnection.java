package org.cephgw.gateway.head;

import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;
import org.cephgw.actors.Connection;

/**
 * A client connection of another node as a head sees it: calls on it are forwarded to the head,
 * and what the head sends on it (back-channel calls) goes back to that node, which writes it to
 * the client. One object per origin connection for the head's whole life there.
 */
final class ProxyConnection implements Connection {
    private final long id;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final ActorRef<NodeConnections.Command> origin;
    private final long originId;

    ProxyConnection(long id, InetSocketAddress remote, InetSocketAddress local, ActorRef<NodeConnections.Command> origin,
                    long originId) {
        this.id = id;
        this.remote = remote;
        this.local = local;
        this.origin = origin;
        this.originId = originId;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public InetSocketAddress local() {
        return local;
    }

    /** Queued to the origin node; whether it could be written is not known here (a lost call times out). */
    @Override
    public boolean send(byte[] record) {
        origin.tell(new NodeConnections.Send(originId, record));
        return true;
    }

    @Override
    public String toString() {
        return "connection " + originId + " of " + origin.path().address() + " from " + remote;
    }
}
