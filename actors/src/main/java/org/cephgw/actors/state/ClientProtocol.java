package org.cephgw.actors.state;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.cephgw.actors.Connection;

/** Requests and answers of client management (EXCHANGE_ID, CREATE_SESSION, …) in domain terms. */
public final class ClientProtocol {
    private ClientProtocol() {
    }

    /**
     * An EXCHANGE_ID.
     *
     * @param principal who sent it (for AUTH_SYS "sys:&lt;uid&gt;"), compared between requests
     * @param update    EXCHGID4_FLAG_UPD_CONFIRMED_REC_A
     */
    public record ExchangeIdRequest(byte[] ownerId, byte[] verifier, String principal, boolean update,
                                    InetSocketAddress address) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ExchangeIdRequest r && Arrays.equals(r.ownerId, ownerId)
                    && Arrays.equals(r.verifier, verifier) && r.principal.equals(principal) && r.update == update;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ownerId);
        }
    }

    /** The outcome: an nfsstat4, and on success the clientid and the sequence CREATE_SESSION must use. */
    public record ExchangeIdResult(int status, long clientId, int sequenceId, boolean confirmed) {
    }

    public record CreateSessionRequest(long clientId, int sequence, String principal, boolean backChannel,
                                       ChannelLimits fore, ChannelLimits back, int callbackProgram,
                                       Connection connection, SessionActor.Callbacks callbacks) {
        public CreateSessionRequest(long clientId, int sequence, String principal, boolean backChannel,
                                    ChannelLimits fore, ChannelLimits back, int callbackProgram, Connection connection) {
            this(clientId, sequence, principal, backChannel, fore, back, callbackProgram, connection,
                    new SessionActor.Callbacks(callbackProgram, List.of(), 1, null));
        }
    }

    public record CreateSessionResult(int status, byte[] sessionId, int sequence, boolean backChannel,
                                      ChannelLimits fore, ChannelLimits back) {
        public static CreateSessionResult error(int status) {
            return new CreateSessionResult(status, null, 0, false, null, null);
        }
    }

    /**
     * A session found by id: its actor, its SEQUENCE gate and its client's actor, and the client
     * owner (co_ownerid of EXCHANGE_ID), by which reclaims are matched against the recovery
     * records. Never leaves this JVM (the gate is a plain object shared with the session actor).
     */
    public record SessionHandle(byte[] sessionId, long clientId, ActorRef<SessionActor.Command> session,
                                ActorRef<ClientActor.Command> client, byte[] ownerId, SequenceGate gate) {
        /** The session's fore-channel attributes as negotiated. */
        public ChannelLimits fore() {
            return gate.fore();
        }
    }

    /** Where a client's stateid lives. */
    public record StateLocation(byte[] other, FileKey file) {
    }

    /** A snapshot for the management API. */
    public record ClientInfo(long clientId, byte[] ownerId, String address, boolean confirmed, int sessions,
                             int openStates, int lockStates, long leaseRemainingMillis) {
    }

    /** Replies that are a bare nfsstat4. */
    public record Status(int status) {
    }

    public record ClientList(List<ClientInfo> clients) {
    }
}
