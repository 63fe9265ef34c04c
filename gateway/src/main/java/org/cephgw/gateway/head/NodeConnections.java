package org.cephgw.gateway.head;

import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.cephgw.actors.CborSerializable;
import org.cephgw.actors.Connection;

/**
 * This node's client connections as heads on other nodes reach them: a back-channel call
 * (CB_RECALL, CB_GETATTR, CB_NULL…) of a head elsewhere is written to the client's connection
 * here. Heads watch this actor: when the node goes, its connections are gone for them too.
 */
public final class NodeConnections {
    private NodeConnections() {
    }

    public sealed interface Command extends CborSerializable {
    }

    /** Write {@code record} (an RPC record without record marking) to connection {@code connection}. */
    public record Send(long connection, byte[] record) implements Command {
    }

    /** @param open this node's connections that carried forwarded calls, by id (kept by {@link HeadRouter}) */
    static Behavior<Command> create(Map<Long, Connection> open) {
        return Behaviors.receive(Command.class)
                .onMessage(Send.class, m -> {
                    Connection c = open.get(m.connection());
                    if (c != null) {
                        // a full queue or a closed connection: the head's call times out like any lost call
                        c.send(m.record());
                    }
                    return Behaviors.same();
                })
                .build();
    }
}
