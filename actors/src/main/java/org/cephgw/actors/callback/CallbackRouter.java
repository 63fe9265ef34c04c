package org.cephgw.actors.callback;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.cephgw.actors.Connection;
import org.cephgw.protocol.rpc.RpcCalls;
import org.cephgw.protocol.xdr.XdrException;

/**
 * Routes the replies to back-channel calls (RFC 8881 §2.10.3.1) to the session that sent the
 * call. A reply arrives on a connection as any record does, known only by its xid; the session
 * registers the xid here before it sends the call, so the registration is always in this
 * actor's mailbox ahead of the reply. A reply nobody expects (late, after its call timed out) is
 * dropped.
 */
public final class CallbackRouter extends AbstractBehavior<CallbackRouter.Command> {

    public sealed interface Command {
    }

    /** A call with {@code xid} goes out on {@code connection}; its reply goes to {@code session}. */
    public record Expect(int xid, long connection, ActorRef<Reply> session) implements Command {
    }

    /** The sender gave up on the call (timeout). */
    public record Forget(int xid) implements Command {
    }

    /** A reply record came in on a connection. */
    public record Incoming(byte[] record, Connection connection) implements Command {
    }

    /** The connection is gone: every call on it fails. */
    public record ConnectionClosed(Connection connection) implements Command {
    }

    /** What the session hears: the decoded reply header, or {@code reply} null when the connection went. */
    public record Reply(int xid, RpcCalls.Reply reply) {
    }

    private record Waiting(long connection, ActorRef<Reply> session) {
    }

    /** More outstanding calls than this means sessions are not reaping: refuse new ones. */
    static final int MAX_OUTSTANDING = 65536;

    private final Map<Integer, Waiting> waiting = new HashMap<>();

    public static Behavior<Command> create() {
        return Behaviors.setup(CallbackRouter::new);
    }

    private CallbackRouter(ActorContext<Command> ctx) {
        super(ctx);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Expect.class, m -> {
                    if (waiting.size() < MAX_OUTSTANDING) {
                        waiting.put(m.xid, new Waiting(m.connection, m.session));
                    } else {
                        m.session.tell(new Reply(m.xid, null));
                    }
                    return this;
                })
                .onMessage(Forget.class, m -> {
                    waiting.remove(m.xid);
                    return this;
                })
                .onMessage(Incoming.class, this::onIncoming)
                .onMessage(ConnectionClosed.class, m -> {
                    waiting.entrySet().removeIf(e -> {
                        if (e.getValue().connection == m.connection.id()) {
                            e.getValue().session.tell(new Reply(e.getKey(), null));
                            return true;
                        }
                        return false;
                    });
                    return this;
                })
                .build();
    }

    private Behavior<Command> onIncoming(Incoming m) {
        RpcCalls.Reply r;
        try {
            r = RpcCalls.reply(m.record);
        } catch (XdrException | IndexOutOfBoundsException e) {
            getContext().getLog().debug("undecodable back-channel reply from {}: {}", m.connection.remote(), e.toString());
            return this;
        }
        Waiting w = waiting.get(r.xid());
        // a reply must come back on the connection its call went out on (RFC 5531 §9)
        if (w != null && w.connection == m.connection.id()) {
            waiting.remove(r.xid());
            w.session.tell(new Reply(r.xid(), r));
        }
        return this;
    }
}
